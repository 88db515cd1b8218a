; The relay program of tests/emulator/network_relay_test: the same code on every node of a chain,
; a ring or a tree, booted from a link, each node booting its children in the boot tree down its
; own links. Boot: the host sends the bootstrap (the code up to `reporter`), then 19 words and the
; reporter's code to node 0: the node's id, the rounds, the LCG steps per round, and the boot tree
; (16 words, one per node: byte L is the id of the node's child on link L, or 0 for none). A node
; passes the bootstrap, the words (its child's id first) and the reporter down each link with a
; child. Then every round the work (a word) goes down the tree: each node takes it from its parent,
; passes it on to its children, computes acc = LCG^n(work xor id) with LCG(x) = 245x + 1 and
; n = steps * (1 + (id + rounds left) mod 4), so that some nodes finish before their parents, adds
; its children's results and sends the sum up. The root's work is its last sum (0 at first); once it
; has passed it on, it hands it to its second process, the reporter, which writes a letter for it to
; stdout ('a' + work mod 16, SP_WRITE) while the root and the other nodes work; after the last round
; the reporter ends the run with SP_EXIT(sum & 255).
; Workspace: W0 outword's scratch, W1 the boot link's input channel, W2 acc, W3 rounds left, W4 steps
; left, W5 a link, W6 a child's result, W7 the address of this node's boot tree entry, W8-W9 a
; child's id and a link channel, W12 the reporter's channel; W13 id, W14 rounds, W15 steps, W16-W31
; the boot tree, W32 on the reporter's code; W64 the reporter's workspace.
start:
        ajw 64                  ; the workspace above the code
        stl 1
        stl 1
        stl 1                   ; Creg at boot: the boot link's input channel
        ldlp 13
        ldl 1
        ldc 76+end-reporter
        in                      ; id, rounds, steps, the boot tree, the reporter's code
        ldl 13
        ldlp 16
        wsub
        stl 7
        ldc 0
        stl 5
boot:                           ; for each link with a child: boot it
        ldl 5
        ldl 7
        bsub
        lb
        stl 8
        ldl 8
        cj booted               ; (the root, id 0, is no one's child)
        ldl 5
        mint
        wsub
        stl 9                  ; the link's output channel
        ldl 9
        ldc reporter-start
        outbyte
        ldc start-here1
        ldpi
here1:
        ldl 9
        ldc reporter-start
        out
        ldlp 8
        ldl 9
        ldc 4
        out
        ldlp 14
        ldl 9
        ldc 72+end-reporter
        out
booted:
        ldl 5
        adc 1
        stl 5
        ldl 5
        eqc 4
        cj boot
        ldl 13
        eqc 0
        cj noreporter           ; the root runs the reporter (its code arrived at W32) at W64
        mint
        stl 12                  ; the channel to it, empty
        ldlp 32
        stl 63                  ; its Iptr
        ldlp 64
        adc 1                   ; low priority
        runp
noreporter:
        ldl 14
        stl 3
        ldc 0
        stl 2
round:
        ldl 13
        cj haswork              ; the root's work is its last sum
        ldlp 2
        ldl 1
        ldc 4
        in                      ; the work, from the parent
haswork:
        ldc 0
        stl 5
down:                           ; the work to every child
        ldl 5
        ldl 7
        bsub
        lb
        cj downnext
        ldl 5
        mint
        wsub
        ldl 2
        outword
downnext:
        ldl 5
        adc 1
        stl 5
        ldl 5
        eqc 4
        cj down
        ldl 13
        eqc 0
        cj noreport             ; the root hands the work to the reporter, which writes its letter
        ldlp 2                  ; while this process and the other nodes work on
        ldlp 12
        ldc 4
        out
noreport:
        ldl 2
        ldl 13
        xor
        stl 2
        ldl 13
        ldl 3
        sum
        ldc 3
        and
        adc 1
        ldl 15
        prod
        stl 4                   ; steps * (1 + (id + rounds left) mod 4): some finish before their parent
step:
        ldl 2
        ldc 245
        prod
        ldc 1
        sum
        stl 2
        ldl 4
        adc -1
        stl 4
        ldl 4
        eqc 0
        cj step
        ldc 0
        stl 5
up:                             ; every child's result, added
        ldl 5
        ldl 7
        bsub
        lb
        cj upnext
        ldlp 6
        ldl 5
        mint
        wsub
        adc 16                  ; the link's input channel
        ldc 4
        in
        ldl 2
        ldl 6
        sum
        stl 2
upnext:
        ldl 5
        adc 1
        stl 5
        ldl 5
        eqc 4
        cj up
        ldl 13
        cj next
        ldl 1
        adc -16                 ; the boot link's output channel
        ldl 2
        outword
next:
        ldl 3
        adc -1
        stl 3
        ldl 3
        eqc 0
        cj round
        ldl 13
        cj exit
        stopp
exit:                           ; the root hands the last sum to the reporter, which ends the run
        ldlp 2
        ldlp 12
        ldc 4
        out
        stopp
; The reporter (the root only; position-independent, run where it arrived in the workspace): for
; each of the rounds, a word from the channel (main's W12) and its letter to stdout, SP_WRITE
; 8 0 | 13 | 1 0 0 0 | 1 0 | letter, then the reply; then the last sum, and SP_EXIT with its low
; byte: 6 0 | 35 | status 0 0 0 | padding. Its W0 the word, W1 rounds left, W2-W6 SP packets; main's
; W12 and W14 are its W-52 and W-50.
reporter:
        ldl -50
        stl 1
report:
        ldlp 0
        ldlp -52
        ldc 4
        in
        ldl 1
        cj quit
        ldc header-here2
        ldpi
here2:
        mint
        ldc 9
        out
        mint
        ldl 0
        ldc 15
        and
        adc 'a'
        outbyte
        ldlp 2
        mint
        adc 16
        ldc 2
        in                      ; the reply's length
        ldlp 3
        mint
        adc 16
        ldl 2
        in                      ; the reply
        ldl 1
        adc -1
        stl 1
        j report
quit:
        ldl 0
        ldc 24
        shl
        ldc #230006
        or
        stl 2
        ldc 0
        stl 3
        ldlp 2
        mint
        ldc 8
        out
        stopp
header:
        .byte 8, 0, 13, 1, 0, 0, 0, 1, 0
end:
