// The buyer's price list: rows named as spec rows, prices in the check's currency, and every
// malformed line refused with its file and line.
#include "gpuprobe/price_list.hpp"

#include <gtest/gtest.h>

namespace gpuprobe {
namespace {

SpecDatabase rows() {
  return SpecDatabase::parse(
      "vendor,name,memory_bandwidth_gbs,fp32_tflops,fp16_tensor_tflops,vram_gib\n"
      "NVIDIA,GeForce RTX 3090,936,35.58,71,24\n"
      "AMD,Radeon RX 580,256,6.17,,8\n",
      "rows.csv");
}

std::string refusal(const std::string& text) {
  const SpecDatabase db = rows();
  try {
    parse_price_list(text, "prices.csv", db);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(PriceList, NamesMatchSpecRowsAndTheirFiguresComeAlong) {
  const SpecDatabase db = rows();
  const auto list =
      parse_price_list("shop,name,price\nx,NVIDIA GeForce RTX 3090,700\ny,\"Radeon RX 580\",60.5\n",
                       "prices.csv", db);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].spec->name, "GeForce RTX 3090");
  EXPECT_EQ(list[0].origin, "prices.csv:2");
  EXPECT_DOUBLE_EQ(list[1].price, 60.5);
  const auto cards = priced_cards(list, "GeForce RTX 3090");  // the card under check is left out
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].name, "Radeon RX 580");
  EXPECT_DOUBLE_EQ(*cards[0].fp32_tflops, 6.17);
  EXPECT_FALSE(cards[0].tensor_tflops.has_value());
  EXPECT_NEAR(*cards[0].vram_gb, 8 * 1.073741824, 1e-12);
}

TEST(PriceList, EveryBadLineIsRefusedWithItsPlace) {
  EXPECT_EQ(refusal(""), "prices.csv: no header (a price list starts with 'name,price')");
  EXPECT_EQ(
      refusal("name,cost\nRadeon RX 580,60\n"),
      "prices.csv:1: the header has no 'price' column (a price list starts with 'name,price')");
  EXPECT_EQ(refusal("name,price\n"), "prices.csv: no card under the header");
  EXPECT_EQ(refusal("name,price\nRadeon RX 9999,60\n"),
            "prices.csv:2: 'Radeon RX 9999' is not in the spec database; use the name of a row of "
            "gpu_specs.csv or add the card with --spec-file");
  EXPECT_EQ(refusal("name,price\nRadeon RX 580,60\nAMD Radeon RX 580,70\n"),
            "prices.csv:3: 'AMD Radeon RX 580' is listed twice");
  EXPECT_NE(refusal("name,price\nRadeon RX 580,-60\n").find("prices.csv:2: price"),
            std::string::npos);
  EXPECT_NE(refusal("name,price\nRadeon RX 580,0\n").find("prices.csv:2: price"),
            std::string::npos);
  EXPECT_EQ(refusal("name,price\nRadeon RX 580\n"), "prices.csv:2: expected a name and a price");
}

}  // namespace
}  // namespace gpuprobe
