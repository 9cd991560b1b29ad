/*
 * A stand-in for Excel or WPS holding a workbook open, for the Windows tests under Wine only
 * (tests/cli/windows.rs; built by dist/windows.sh into target/windows-test/, never shipped).
 *
 *   hold.exe FILE    opens FILE as Excel does — others may read it, but not write, rename or
 *                    delete it — prints "held", and keeps it open until its input ends.
 */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 2)
        return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        printf("cannot open: error %lu\n", GetLastError());
        return 1;
    }
    printf("held\n");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    CloseHandle(h);
    return 0;
}
