#!/usr/bin/env python3
"""Lists what the CUDA fat binary embedded in a shared object holds, and checks it against
the architectures the build asked for. No cuobjdump needed: the ELF section .nv_fatbin is
read directly.

  fatbin_archs.py PLUGIN.so --expect 75,80,86   # machine code for exactly these + PTX of the newest
  fatbin_archs.py PLUGIN.so                     # just print the entries

Layout (fatbinary.h of older toolkits; the same in CUDA 12 and 13):
  container header, 16 bytes: u32 magic 0xBA55ED50, u16 version (1), u16 header size (16),
                              u64 size of the entries that follow
  entry header (size in the entry): u16 kind (1 = PTX, 2 = ELF cubin), u16 version,
                              u32 header size, u64 payload size, ..., u32 arch at offset 28
  the payload follows the entry header; the next entry follows the payload.
Containers (one per nvcc translation unit) are concatenated, each 8-byte aligned.
"""
import argparse
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50
KINDS = {1: "ptx", 2: "elf"}


def section(path, name):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit(f"FAIL: {path} is not a little-endian 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def header(i):
        return struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)

    names_offset = header(shstrndx)[4]
    for i in range(shnum):
        h = header(i)
        end = data.index(b"\0", names_offset + h[0])
        if data[names_offset + h[0]:end].decode() == name:
            return data[h[4]:h[4] + h[5]]
    raise SystemExit(f"FAIL: {path} has no {name} section (no CUDA device code linked in)")


def entries(blob):
    """Yields (container index, kind, arch, payload size) for every entry."""
    offset, container = 0, 0
    while offset + 16 <= len(blob):
        magic, version, header_size, fat_size = struct.unpack_from("<IHHQ", blob, offset)
        if magic != FATBIN_MAGIC:
            raise SystemExit(f"FAIL: fatbin container {container} at {offset:#x}: magic {magic:#x}, "
                             f"expected {FATBIN_MAGIC:#x}")
        if version != 1 or header_size != 16:
            raise SystemExit(f"FAIL: fatbin container {container}: version {version}, header size "
                             f"{header_size} (this reader knows version 1, 16-byte headers)")
        entry, end = offset + header_size, offset + header_size + fat_size
        if end > len(blob):
            raise SystemExit(f"FAIL: fatbin container {container} runs past the section end")
        while entry < end:
            kind, _, entry_header, payload = struct.unpack_from("<HHIQ", blob, entry)
            arch, = struct.unpack_from("<I", blob, entry + 28)
            if entry_header < 32 or entry + entry_header + payload > end:
                raise SystemExit(f"FAIL: fatbin entry at {entry:#x}: header {entry_header}, "
                                 f"payload {payload} bytes do not fit the container")
            yield container, KINDS.get(kind, f"kind{kind}"), arch, payload
            entry += entry_header + payload
        offset = (end + 7) & ~7
        container += 1
        while offset < len(blob) and blob[offset] == 0:  # padding between containers
            offset += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plugin")
    parser.add_argument("--expect", help="comma-separated architectures the build lists")
    args = parser.parse_args()
    found = list(entries(section(args.plugin, ".nv_fatbin")))
    for container, kind, arch, payload in found:
        print(f"container {container}: {kind} sm_{arch} ({payload} bytes)")
    if args.expect is None:
        return 0
    expected = sorted(int(a) for a in args.expect.split(",") if a)
    elf = sorted(arch for _, kind, arch, _ in found if kind == "elf")
    ptx = sorted(arch for _, kind, arch, _ in found if kind == "ptx")
    others = [(kind, arch) for _, kind, arch, _ in found if kind not in ("elf", "ptx")]
    problems = []
    if elf != expected:
        problems.append(f"machine code (elf) for sm_{elf}, the build lists sm_{expected}")
    if ptx != [expected[-1]]:
        problems.append(f"PTX for sm_{ptx}, expected PTX of the newest only: [{expected[-1]}]")
    if others:
        problems.append(f"entries of unknown kind: {others}")
    for p in problems:
        print("FAIL: " + p)
    if not problems:
        print(f"OK: machine code for sm_{','.join(map(str, expected))} + PTX for sm_{expected[-1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
