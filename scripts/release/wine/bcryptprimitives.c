/* For testing needle.exe under wine 8.0 only; never shipped.

   Rust's standard library (1.78 and later) asks Windows for random bytes
   through ProcessPrng in bcryptprimitives.dll, which every Windows that
   Rust supports (10 and later) has. Debian 12's wine 8.0 has no
   bcryptprimitives.dll, so needle.exe stops before main with "Library
   bcryptprimitives.dll ... not found". This stand-in gives ProcessPrng the
   bytes of RtlGenRandom (advapi32's SystemFunction036), which wine 8.0
   has. scripts/release/check.sh builds it with mingw and puts it
   beside needle.exe in its own test folder, never in an archive. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    length -= n;
  }
  return TRUE;
}
