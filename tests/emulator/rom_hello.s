-- A ROM image (assemble with --origin #7FFFFF00): SP_WRITE "rom\n" to the host on link 0, then
-- SP_EXIT 3. Used by emu_host_test.sh for `transit emu --rom` on networks.
start:
    ajw 64          -- Wptr starts at MemStart: keep the process slots clear of the reserved words
    ldc write
    mint
    ldc 13
    out
    ldc #80000300   -- the replies go to RAM
    mint
    ldnlp 4
    ldc 8
    in
    ldc exit
    mint
    ldc 8
    out
    ldc #80000300   -- the replies go to RAM
    mint
    ldnlp 4
    ldc 8
    in
    stopp
write: .byte 11, 0, 13, 1, 0, 0, 0, 4, 0, "rom\n"
exit:  .byte 6, 0, 35, 3, 0, 0, 0, 0
    .space #7FFFFFFE - .
    j start
