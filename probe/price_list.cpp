#include "gpuprobe/price_list.hpp"

#include <algorithm>
#include <stdexcept>

#include "csv_lines.hpp"
#include "gpuprobe/input_file.hpp"
#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe {
namespace {

constexpr uint64_t kMaxPriceListBytes = uint64_t{4} << 20;  // thousands of cards fit in far less

size_t column_of(const CsvLine& header, const std::string& name, const std::string& origin) {
  const auto it = std::find(header.fields.begin(), header.fields.end(), name);
  if (it == header.fields.end())
    throw std::invalid_argument(origin + ":" + std::to_string(header.number) +
                                ": the header has no '" + name +
                                "' column (a price list starts with 'name,price')");
  return size_t(it - header.fields.begin());
}

}  // namespace

std::vector<PriceListEntry> parse_price_list(std::string_view text, const std::string& origin,
                                             const SpecDatabase& specs) {
  const std::vector<CsvLine> lines = read_csv_lines(text, origin);
  if (lines.empty())
    throw std::invalid_argument(origin + ": no header (a price list starts with 'name,price')");
  const size_t name_col = column_of(lines.front(), "name", origin);
  const size_t price_col = column_of(lines.front(), "price", origin);
  std::vector<PriceListEntry> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    const CsvLine& line = lines[i];
    const std::string where = origin + ":" + std::to_string(line.number);
    if (line.fields.size() <= std::max(name_col, price_col))
      throw std::invalid_argument(where + ": expected a name and a price");
    const std::string& name = line.fields[name_col];
    const GpuSpec* spec = specs.by_name(name);
    if (!spec)
      throw std::invalid_argument(where + ": '" + printable(name) +
                                  "' is not in the spec database; use the name of a row of "
                                  "gpu_specs.csv or add the card with --spec-file");
    if (std::any_of(out.begin(), out.end(), [&](const auto& e) { return e.spec == spec; }))
      throw std::invalid_argument(where + ": '" + printable(name) + "' is listed twice");
    double price = 0;
    try {
      price = parse_finite_double(line.fields[price_col], 0.01, 1e9, "price");
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + ": " + e.what());
    }
    out.push_back({spec, price, where});
  }
  if (out.empty()) throw std::invalid_argument(origin + ": no card under the header");
  return out;
}

std::vector<PriceListEntry> load_price_list(const std::string& path, const SpecDatabase& specs) {
  std::string text;
  try {
    text = read_input_file(path, kMaxPriceListBytes);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(std::string("price list: ") + e.what());
  }
  return parse_price_list(text, path, specs);
}

PricedCard priced_card(const GpuSpec& row, double price) {
  return {row.name,
          price,
          row.fp32_tflops,
          row.fp16_tensor_tflops,
          row.memory_bandwidth_gbs,
          row.vram_gib ? std::optional<double>(*row.vram_gib * 1.073741824) : std::nullopt};
}

std::vector<PricedCard> priced_cards(const std::vector<PriceListEntry>& list,
                                     const std::string& except_row) {
  std::vector<PricedCard> out;
  for (const PriceListEntry& e : list)
    if (e.spec->name != except_row) out.push_back(priced_card(*e.spec, e.price));
  return out;
}

}  // namespace gpuprobe
