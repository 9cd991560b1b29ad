/*
 * A stand-in for Windows' bcryptprimitives.dll, for running evalsheet.exe under Wine in tests
 * only; it is never shipped (dist/windows.sh refuses to package it).
 *
 * Rust's standard library (1.78 and later) takes its random numbers on Windows from
 * ProcessPrng in bcryptprimitives.dll, which every Windows since 10 has but Wine 8.0 (Debian
 * 12) does not: without this file beside it, evalsheet.exe stops at load with status 53.
 * ProcessPrng is answered here from RtlGenRandom (SystemFunction036 in advapi32), which Wine
 * implements over the host's random source.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
