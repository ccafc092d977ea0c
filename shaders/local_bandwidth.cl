// local_bandwidth: each work-group copies a tile of random words from global into local
// memory once, then every work-item reads WORDS words of the tile per repetition and adds
// them up. Counted: 4 bytes per local load.
//
// Step w of a repetition reads tile[w*L + lid + shift], shift = rep % PAD: consecutive
// work-items read consecutive words (no bank conflicts on a GPU; contiguous vectors when
// PoCL vectorises the work-group loop on a CPU), and the shift changes every repetition,
// so the compiler cannot hoist the loads out of the repetition loop and multiply. The
// tile is PAD words longer than L*WORDS so the shifted reads stay inside it.
//
// Build options: -D WORDS=<loads per work-item per repetition>, -D PAD=<power of two>.

#ifndef WORDS
#define WORDS 16
#endif
#ifndef PAD
#define PAD 64
#endif

kernel void local_bandwidth(global const uint* restrict input, uint reps,
                            global uint* restrict out, local uint* restrict tile) {
  const uint lid = get_local_id(0);
  const uint local_size = get_local_size(0);
  const uint tile_words = local_size * WORDS + PAD;
  global const uint* source = input + (ulong)get_group_id(0) * tile_words;
  for (uint i = lid; i < tile_words; i += local_size) tile[i] = source[i];
  barrier(CLK_LOCAL_MEM_FENCE);

  uint acc = 0;
  for (uint r = 0; r < reps; ++r) {
    local const uint* row = tile + lid + (r & (PAD - 1));
#pragma unroll
    for (uint w = 0; w < WORDS; ++w) acc += row[w * local_size];
  }
  out[get_global_id(0)] = acc;
}
