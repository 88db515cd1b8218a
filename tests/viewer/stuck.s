; tests/viewer: a boot program for the root of pipeline:2 that waits for ever to input from link 2,
; where node 1 waits to be booted: the network deadlocks with the chain node 0 link 2 -> node 1.
start:
        ajw 32
        ldlp 1
        mint
        adc #18                 ; link 2's input channel
        ldc 4
        in
