// A buyer's own price list (`gpuprobe check --price-list FILE`): what other cards cost today
// (second-hand, local shop), so the value figures rank the asking price against real
// alternatives instead of launch prices from years ago. Each card names a spec database row,
// whose figures it takes; prices are in the check's --currency.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gpuprobe/buyer_verdict.hpp"
#include "gpuprobe/spec_db.hpp"

namespace gpuprobe {

struct PriceListEntry {
  const GpuSpec* spec = nullptr;  // the row the name matched (points into the database)
  double price = 0;
  std::string origin;  // "FILE:LINE"
};

// CSV with a header holding `name` and `price` (other columns ignored), in the data files'
// dialect. Throws std::invalid_argument naming the file and line for: a missing column, a
// name the database has no row for (add one with --spec-file), a name listed twice, a price
// that is not a positive number, or no card at all.
std::vector<PriceListEntry> parse_price_list(std::string_view text, const std::string& origin,
                                             const SpecDatabase& specs);
std::vector<PriceListEntry> load_price_list(const std::string& path, const SpecDatabase& specs);

// A spec row as a card to rank against, at `price`.
PricedCard priced_card(const GpuSpec& row, double price);

// The cards to rank against: the list's entries (less the card being checked, by row name),
// with the figures of their spec rows.
std::vector<PricedCard> priced_cards(const std::vector<PriceListEntry>& list,
                                     const std::string& except_row);

}  // namespace gpuprobe
