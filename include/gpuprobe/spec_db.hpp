// The GPU spec database (probe/data/gpu_specs.csv, shipped with the tool; more rows from
// `--spec-file`): the vendor's launch figures per card, which measured results are compared
// with. The file's own comment block documents its columns and conventions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpuprobe {

struct GpuSpec {
  std::string vendor;  // "NVIDIA" / "AMD"
  std::string name;    // as the vendor sells it: "GeForce RTX 3090"
  std::string architecture;
  std::string compute_target;  // CUDA compute capability "8.6" or AMD gfx target "gfx1030"
  std::optional<int> launch_year;
  std::optional<double> vram_gib;
  std::string memory_type;
  std::optional<double> bus_width_bits;
  std::optional<double> memory_data_rate_gbps;  // per pin
  std::optional<double> memory_bandwidth_gbs;
  std::optional<double> shader_units;
  std::optional<double> boost_clock_mhz;
  std::optional<double> fp32_flops_per_shader_clock;  // 2 (FMA), 4 (dual issue / packed)
  std::optional<double> fp32_tflops;
  std::optional<double> fp16_tensor_tflops;  // dense, matrix units
  std::optional<double> bf16_tensor_tflops;
  std::optional<double> sm_or_cu_count;
  std::optional<double> tdp_w;
  std::optional<double> launch_price_usd;
  std::optional<uint16_t> pci_vendor_id;
  std::optional<uint16_t> pci_device_id;
  bool pci_id_shared = false;  // several cards share the die id; the name tells them apart
  std::string source_type;     // "vendor page", "whitepaper", "datasheet", ...
  std::string origin;          // "FILE:LINE" the row came from
};

class SpecDatabase {
 public:
  // CSV text with a header row naming its columns (any order; `vendor` and `name` required,
  // the others optional), '#' comment lines and blank lines allowed. Throws
  // std::invalid_argument "ORIGIN:LINE: what is wrong" for the first malformed line.
  static SpecDatabase parse(std::string_view text, const std::string& origin);
  // Throws std::invalid_argument for an unreadable or malformed file (user input).
  static SpecDatabase load(const std::string& path);

  // Rows of `extra` replace rows of the same vendor and (normalized) name; others are added.
  void add_or_override(const SpecDatabase& extra);

  const std::vector<GpuSpec>& rows() const { return rows_; }
  std::vector<const GpuSpec*> by_pci(uint16_t vendor, uint16_t device) const;
  // The row whose normalized name equals the device name's (normalize_gpu_name).
  const GpuSpec* by_name(std::string_view device_name) const;
  // Every column the shipped file must have, in its order.
  static const std::vector<std::string>& columns();

 private:
  std::vector<GpuSpec> rows_;
};

// Lower case, vendor words ("NVIDIA", "AMD", "(TM)") and parenthesised driver suffixes
// ("(RADV NAVI31)") dropped, punctuation as spaces: "NVIDIA GeForce RTX 3090" and
// "GeForce RTX 3090" both become "geforce rtx 3090"; "Tesla V100-SXM2-16GB" becomes
// "tesla v100 sxm2 16gb".
std::string normalize_gpu_name(std::string_view name);

// $GPUPROBE_SPEC_DB, else gpu_specs.csv in ../share/gpuprobe next to the executable
// (installed, and the build tree's copy), else empty.
std::string default_spec_db_path();

// What every front end compares with: the shipped database (default_spec_db_path) plus the
// rows of `extra_file` ("" for none), which add to or replace shipped rows. nullopt when
// there is neither; `missing_note` then (or when only the shipped file is missing) says why
// and what to do. Throws std::invalid_argument naming the file and line of a bad row.
std::optional<SpecDatabase> load_spec_database(const std::string& extra_file,
                                               std::string* missing_note = nullptr);

}  // namespace gpuprobe
