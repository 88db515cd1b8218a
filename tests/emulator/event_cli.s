-- Waits for the event pin (an input on the event channel #80000020), then SP_WRITEs "ev\n" to
-- stdout and SP_EXITs with 5. Used by event_cli_test.sh with `transit emu --event CYCLE`.
    ajw 16          -- Wptr starts just after the code: keep the process slots off the data
    ldc reply
    mint
    ldnlp 8         -- the event channel
    ldc 1
    in
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
write: .byte 10, 0, 13, 1, 0, 0, 0, 3, 0, "ev\n"
exit:  .byte 6, 0, 35, 5, 0, 0, 0, 0
reply: .space 8
