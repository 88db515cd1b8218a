-- A bootstrap that asks the iserver for 8 bytes of the core at offset 4 (SP_CORE), writes the
-- reply packet as it came (its length word, then the data) to stdout, and exits (status 0).
-- Used by emu_host_test.sh with and without `transit emu --core`.
    ajw 16
    ldc core
    mint            -- link 0 output channel
    ldc 10
    out
    ldc lenw
    mint
    ldnlp 4         -- link 0 input channel
    ldc 2
    in              -- the reply's length
    ldc data
    mint
    ldnlp 4
    ldc lenw
    ldnl 0
    in              -- the reply's data
    ldc write
    mint
    ldc 28
    out
    ldc ack
    mint
    ldnlp 4
    ldc 8
    in
    ldc exit
    mint
    ldc 8
    out
    ldc ack
    mint
    ldnlp 4
    ldc 8
    in
    stopp
core:  .byte 8, 0, 41, 4, 0, 0, 0, 8, 0, 0
exit:  .byte 6, 0, 35, #FF, #C9, #9A, #3B, 0   -- SP_EXIT 999999999 (success)
ack:   .space 8
       .align 4
       .space 3
write: .byte 26, 0, 13, 1, 0, 0, 0, 19, 0      -- SP_WRITE to stdout: the 19 bytes from lenw
lenw:  .word 0
data:  .space 15
