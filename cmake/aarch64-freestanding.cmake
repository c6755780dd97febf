# Toolchain for the freestanding aarch64 build of the core: no libc, no
# start files, warnings as errors. Used by `make check` to prove that src/
# needs nothing from a C library.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_AR aarch64-linux-gnu-ar)
set(CMAKE_C_FLAGS_INIT "-ffreestanding -nostdlib -fno-builtin -mgeneral-regs-only -mno-outline-atomics -O2")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
