// The buyer's check verdict rules (issue 11, item 7) on crafted findings and cards.
#include "gpuprobe/buyer_verdict.hpp"

#include <gtest/gtest.h>

using namespace gpuprobe;

TEST(BuyerVerdict, AnyFailFailsAnyWarnWarnsUnavailableDoesNotPass) {
  const CheckFinding pass{"identity", CheckLevel::Pass, "matches"};
  const CheckFinding warn{"pcie", CheckLevel::Warn, "x8 of x16"};
  const CheckFinding fail{"memory", CheckLevel::Fail, "3 errors"};
  const CheckFinding gone{"throttling", CheckLevel::Unavailable, "no telemetry"};
  EXPECT_EQ(overall_level({pass, gone}), CheckLevel::Pass);
  EXPECT_EQ(overall_level({pass, warn, gone}), CheckLevel::Warn);
  EXPECT_EQ(overall_level({warn, fail, pass}), CheckLevel::Fail);
  EXPECT_EQ(overall_level({gone}), CheckLevel::Warn);  // nothing judged is not a pass
  EXPECT_EQ(overall_level({{"pcie", CheckLevel::Info, "gen 1 at idle"}}), CheckLevel::Warn);
  EXPECT_EQ(overall_level({pass, {"pcie", CheckLevel::Info, "gen 1 at idle"}}), CheckLevel::Pass);
  EXPECT_EQ(overall_level({}), CheckLevel::Warn);
  EXPECT_STREQ(check_level_name(CheckLevel::Fail), "FAIL");
}

TEST(BuyerVerdict, BelowEightyFivePercentOfSpecFails) {
  const CheckFinding ok = spec_share_finding("bandwidth", "DRAM read", 900, 1008, "GB/s");
  EXPECT_EQ(ok.level, CheckLevel::Pass);
  EXPECT_NE(ok.text.find("(89 %)"), std::string::npos) << ok.text;
  const CheckFinding low = spec_share_finding("bandwidth", "DRAM read", 800, 1008, "GB/s");
  EXPECT_EQ(low.level, CheckLevel::Fail);
  EXPECT_NE(low.text.find("below the 85 %"), std::string::npos) << low.text;
  const CheckFinding none = spec_share_finding("compute", "fp32", 40, 0, "TFLOPS");
  EXPECT_EQ(none.level, CheckLevel::Unavailable);
  EXPECT_NE(none.text.find("no spec figure"), std::string::npos) << none.text;
}

TEST(BuyerVerdict, VramThresholds) {
  EXPECT_EQ(vram_uses(6).size(), 1u);
  EXPECT_NE(vram_uses(6)[0].find("below the 8 GB"), std::string::npos);
  EXPECT_EQ(vram_uses(7.8).size(), 1u);  // an "8 GB" card reporting a little less
  EXPECT_NE(vram_uses(7.8)[0].find("Kaggle"), std::string::npos);
  EXPECT_EQ(vram_uses(12).size(), 2u);
  EXPECT_EQ(vram_uses(24).size(), 3u);
  EXPECT_EQ(vram_uses(10).size(), 1u);
}

TEST(BuyerVerdict, ValueIsPricePerUnitRankedAgainstOtherCards) {
  const PricedCard mine{"used RTX 3090", 700, 35.6, 71.0, 936, 24};
  const std::vector<PricedCard> others = {
      {"RTX 4090", 1599, 82.6, 165.2, 1008, 24},             // 19.4 per TFLOPS
      {"RTX 3060", 329, 12.7, 25.4, 360, 12},                // 25.9
      {"no price", 0, 10, 10, 100, 8},                       // left out
      {"no tensor cores", 200, 5.0, std::nullopt, 200, 8}};  // 40 per TFLOPS
  const auto v = value_figures(mine, others);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].what, "per fp32 TFLOPS");
  EXPECT_NEAR(v[0].cost, 700 / 35.6, 1e-9);
  EXPECT_EQ(v[0].rank, 2u);  // 19.66 vs 4090's 19.36
  EXPECT_EQ(v[0].ranked, 4u);
  EXPECT_EQ(v[1].ranked, 3u);  // the card without tensor figures is not ranked there
  EXPECT_EQ(v[3].what, "per GB of VRAM");
  EXPECT_EQ(v[3].rank, 3u);  // 29.2 per GB, behind 25.0 (200/8) and 27.4 (329/12)
  EXPECT_TRUE(value_figures({"free", 0, 1, 1, 1, 1}, others).empty());  // no price: no value
}

TEST(BuyerVerdict, EnergyAndCurrency) {
  EXPECT_NEAR(yearly_energy_cost(350, 8, 0.30), 0.35 * 8 * 365 * 0.30, 1e-9);
  EXPECT_EQ(checked_currency("usd"), "USD");
  EXPECT_EQ(checked_currency("EUR"), "EUR");
  try {
    checked_currency("XYZ");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'XYZ' is not a currency"), std::string::npos);
  }
  EXPECT_THROW(checked_currency(""), std::invalid_argument);
  EXPECT_THROW(checked_currency("US$"), std::invalid_argument);
}
