#include "gpuprobe/spec_db.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>

#include "csv_lines.hpp"
#include "gpuprobe/input_file.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe {
namespace {

// A spec file is a few hundred rows; 16 MiB is far above any real one.
constexpr uint64_t kMaxSpecFileBytes = uint64_t{16} << 20;

struct LineError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

std::optional<double> number(const std::string& column, const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0)
    throw LineError(column + " '" + printable(text, 40) +
                    "' is not a number >= 0 (leave the cell empty where the figure is unknown)");
  return v;
}

std::optional<uint16_t> hex_id(const std::string& column, const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
  unsigned v = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
  if (digits.empty() || digits.size() > 4 || error != std::errc() ||
      end != digits.data() + digits.size())
    throw LineError(column + " '" + printable(text, 40) + "' is not a 4-digit hex id like 10de");
  return static_cast<uint16_t>(v);
}

using Setter = std::function<void(GpuSpec&, const std::string&)>;

const std::vector<std::pair<std::string, Setter>>& column_setters() {
  auto text = [](std::string GpuSpec::*field) {
    return [field](GpuSpec& s, const std::string& v) { s.*field = v; };
  };
  auto num = [](std::optional<double> GpuSpec::*field, const char* column) {
    return [field, column](GpuSpec& s, const std::string& v) { s.*field = number(column, v); };
  };
  static const std::vector<std::pair<std::string, Setter>> setters = {
      {"vendor", text(&GpuSpec::vendor)},
      {"name", text(&GpuSpec::name)},
      {"architecture", text(&GpuSpec::architecture)},
      {"compute_target", text(&GpuSpec::compute_target)},
      {"launch_year",
       [](GpuSpec& s, const std::string& v) {
         const auto year = number("launch_year", v);
         if (year && (*year != std::floor(*year) || *year < 1990 || *year > 2100))
           throw LineError("launch_year '" + v + "' is not a year");
         s.launch_year = year ? std::optional<int>(int(*year)) : std::nullopt;
       }},
      {"vram_gib", num(&GpuSpec::vram_gib, "vram_gib")},
      {"memory_type", text(&GpuSpec::memory_type)},
      {"bus_width_bits", num(&GpuSpec::bus_width_bits, "bus_width_bits")},
      {"memory_data_rate_gbps", num(&GpuSpec::memory_data_rate_gbps, "memory_data_rate_gbps")},
      {"memory_bandwidth_gbs", num(&GpuSpec::memory_bandwidth_gbs, "memory_bandwidth_gbs")},
      {"shader_units", num(&GpuSpec::shader_units, "shader_units")},
      {"boost_clock_mhz", num(&GpuSpec::boost_clock_mhz, "boost_clock_mhz")},
      {"fp32_flops_per_shader_clock",
       num(&GpuSpec::fp32_flops_per_shader_clock, "fp32_flops_per_shader_clock")},
      {"fp32_tflops", num(&GpuSpec::fp32_tflops, "fp32_tflops")},
      {"fp16_tensor_tflops", num(&GpuSpec::fp16_tensor_tflops, "fp16_tensor_tflops")},
      {"bf16_tensor_tflops", num(&GpuSpec::bf16_tensor_tflops, "bf16_tensor_tflops")},
      {"sm_or_cu_count", num(&GpuSpec::sm_or_cu_count, "sm_or_cu_count")},
      {"tdp_w", num(&GpuSpec::tdp_w, "tdp_w")},
      {"launch_price_usd", num(&GpuSpec::launch_price_usd, "launch_price_usd")},
      {"pci_vendor_id",
       [](GpuSpec& s, const std::string& v) { s.pci_vendor_id = hex_id("pci_vendor_id", v); }},
      {"pci_device_id",
       [](GpuSpec& s, const std::string& v) { s.pci_device_id = hex_id("pci_device_id", v); }},
      {"pci_id_shared",
       [](GpuSpec& s, const std::string& v) {
         if (!v.empty() && v != "yes")
           throw LineError("pci_id_shared '" + printable(v, 40) + "' is not 'yes' or empty");
         s.pci_id_shared = v == "yes";
       }},
      {"source_type", text(&GpuSpec::source_type)},
  };
  return setters;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<std::string>& SpecDatabase::columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& [name, setter] : column_setters()) n.push_back(name);
    return n;
  }();
  return names;
}

SpecDatabase SpecDatabase::parse(std::string_view text, const std::string& origin) {
  SpecDatabase db;
  std::vector<const Setter*> setters;  // per header column
  bool have_header = false;
  for (const CsvLine& line : read_csv_lines(text, origin)) {
    const std::vector<std::string>& fields = line.fields;
    const std::string where = origin + ":" + std::to_string(line.number) + ": ";
    try {
      if (!have_header) {
        const auto& all = column_setters();
        for (const auto& f : fields) {
          const auto it =
              std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.first == f; });
          if (it == all.end()) {
            std::string known;
            for (const auto& c : columns()) known += (known.empty() ? "" : ", ") + c;
            throw LineError("unknown column '" + printable(f, 40) +
                            "' in the header (known: " + known + ")");
          }
          for (const Setter* s : setters)
            if (s == &it->second) throw LineError("column '" + f + "' appears twice in the header");
          setters.push_back(&it->second);
        }
        for (const char* required : {"vendor", "name"})
          if (std::find(fields.begin(), fields.end(), required) == fields.end())
            throw LineError(std::string("the header has no '") + required +
                            "' column (the first line that is not a comment is the header)");
        have_header = true;
        continue;
      }
      if (fields.size() != setters.size())
        throw LineError("has " + std::to_string(fields.size()) + " fields, the header has " +
                        std::to_string(setters.size()));
      GpuSpec spec;
      for (size_t i = 0; i < fields.size(); ++i) (*setters[i])(spec, fields[i]);
      if (spec.name.empty()) throw LineError("the name is empty");
      if (spec.vendor.empty()) throw LineError("the vendor is empty");
      if (spec.pci_vendor_id.has_value() != spec.pci_device_id.has_value())
        throw LineError("pci_vendor_id and pci_device_id must be given together");
      spec.origin = origin + ":" + std::to_string(line.number);
      db.rows_.push_back(std::move(spec));
    } catch (const LineError& e) {
      throw std::invalid_argument(where + e.what());
    }
  }
  if (!have_header)
    throw std::invalid_argument(origin +
                                ": no header row (a line naming the columns, e.g. "
                                "'vendor,name,memory_bandwidth_gbs,fp32_tflops')");
  return db;
}

SpecDatabase SpecDatabase::load(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, kMaxSpecFileBytes);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(std::string("spec file: ") + e.what());
  }
  return parse(text, path);
}

void SpecDatabase::add_or_override(const SpecDatabase& extra) {
  for (const GpuSpec& row : extra.rows_) {
    const std::string key = normalize_gpu_name(row.name);
    const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const GpuSpec& r) {
      return lower(r.vendor) == lower(row.vendor) && normalize_gpu_name(r.name) == key;
    });
    if (it != rows_.end())
      *it = row;
    else
      rows_.push_back(row);
  }
}

std::vector<const GpuSpec*> SpecDatabase::by_pci(uint16_t vendor, uint16_t device) const {
  std::vector<const GpuSpec*> found;
  for (const auto& r : rows_)
    if (r.pci_vendor_id == vendor && r.pci_device_id == device) found.push_back(&r);
  return found;
}

const GpuSpec* SpecDatabase::by_name(std::string_view device_name) const {
  const std::string key = normalize_gpu_name(device_name);
  if (key.empty()) return nullptr;
  for (const auto& r : rows_)
    if (normalize_gpu_name(r.name) == key) return &r;
  return nullptr;
}

std::string normalize_gpu_name(std::string_view name) {
  std::string cleaned;
  int depth = 0;
  for (char c : name) {
    if (c == '(') {
      ++depth;
      cleaned += ' ';
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0) {
      cleaned += std::isalnum(static_cast<unsigned char>(c))
                     ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                     : ' ';
    }
  }
  std::string out;
  size_t pos = 0;
  while (pos < cleaned.size()) {
    const size_t b = cleaned.find_first_not_of(' ', pos);
    if (b == std::string::npos) break;
    size_t e = cleaned.find(' ', b);
    if (e == std::string::npos) e = cleaned.size();
    const std::string word = cleaned.substr(b, e - b);
    pos = e;
    if (word == "nvidia" || word == "amd" || word == "ati" || word == "corporation" ||
        word == "tm" || word == "r")
      continue;
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

std::string default_spec_db_path() {
  if (const char* env = std::getenv("GPUPROBE_SPEC_DB"); env && *env) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto candidate = exe.parent_path().parent_path() / "share" / "gpuprobe" / "gpu_specs.csv";
  return std::filesystem::exists(candidate, ec) ? candidate.string() : std::string();
}

std::optional<SpecDatabase> load_spec_database(const std::string& extra_file,
                                               std::string* missing_note) {
  std::optional<SpecDatabase> db;
  if (const std::string shipped = default_spec_db_path(); !shipped.empty())
    db = SpecDatabase::load(shipped);
  else if (missing_note)
    *missing_note =
        "spec database gpu_specs.csv not found in ../share/gpuprobe next to the executable (set "
        "GPUPROBE_SPEC_DB to it)";
  if (!extra_file.empty()) {
    SpecDatabase extra = SpecDatabase::load(extra_file);
    if (!db) db.emplace();
    db->add_or_override(extra);
  }
  return db;
}

}  // namespace gpuprobe
