-- A bootstrap that talks to the iserver on link 0: SP_WRITE "hi\n" to stdout, then SP_EXIT 3.
-- Used by cli_test.sh through `transit asm --boot` and `transit emu`.
    ajw 16          -- Wptr starts just after the code: keep the process slots off the data
    ldc write
    mint            -- link 0 output channel
    ldc 12
    out
    ldc reply
    mint
    ldnlp 4         -- link 0 input channel
    ldc 8           -- the reply: length 6, then 6 bytes
    in
    ldc exit
    mint
    ldc 8
    out
    ldc reply
    mint
    ldnlp 4
    ldc 8
    in
    stopp
write: .byte 10, 0, 13, 1, 0, 0, 0, 3, 0, "hi\n"
exit:  .byte 6, 0, 35, 3, 0, 0, 0, 0
reply: .space 8
