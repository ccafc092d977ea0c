#include "gpuprobe/buyer_verdict.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "gpuprobe/printable.hpp"

namespace gpuprobe {

const char* check_level_name(CheckLevel level) {
  switch (level) {
    case CheckLevel::Pass:
      return "PASS";
    case CheckLevel::Info:
      return "info";
    case CheckLevel::Warn:
      return "WARN";
    case CheckLevel::Fail:
      return "FAIL";
    case CheckLevel::Unavailable:
      return "unavailable";
  }
  return "unavailable";
}

CheckLevel overall_level(const std::vector<CheckFinding>& findings) {
  bool warn = false, judged = false;
  for (const auto& f : findings) {
    if (f.level == CheckLevel::Fail) return CheckLevel::Fail;
    warn |= f.level == CheckLevel::Warn;
    judged |= f.level == CheckLevel::Pass || f.level == CheckLevel::Warn;
  }
  return warn || !judged ? CheckLevel::Warn : CheckLevel::Pass;
}

CheckFinding spec_share_finding(const std::string& area, const std::string& what, double measured,
                                double spec, const std::string& unit) {
  CheckFinding f{area, CheckLevel::Unavailable, ""};
  char text[200];
  if (!(spec > 0)) {
    std::snprintf(text, sizeof text, "%s: %.4g %s measured; no spec figure to compare with",
                  what.c_str(), measured, unit.c_str());
    f.text = text;
    return f;
  }
  const double share = measured / spec;
  f.level = share < kSpecShareFail ? CheckLevel::Fail : CheckLevel::Pass;
  std::snprintf(text, sizeof text, "%s: %.4g of %.4g %s spec (%.0f %%%s)", what.c_str(), measured,
                spec, unit.c_str(), share * 100,
                share < kSpecShareFail ? ", below the 85 % a healthy card reaches" : "");
  f.text = text;
  return f;
}

std::vector<std::string> vram_uses(double vram_gb) {
  std::vector<std::string> uses;
  // A "12 GB" card reports a little less than 12e9 or 12 GiB: allow 5 % below each line.
  const auto fits = [&](double gb) { return vram_gb >= gb * 0.95; };
  if (fits(8)) uses.push_back("enough for Kaggle-style work (8 GB)");
  if (fits(11)) uses.push_back("enough to fine-tune pretrained transformers (11 GB)");
  if (fits(24)) uses.push_back("enough for large models and video (24 GB)");
  if (uses.empty()) uses.push_back("below the 8 GB most deep-learning work needs");
  return uses;
}

std::vector<ValueFigure> value_figures(const PricedCard& card,
                                       const std::vector<PricedCard>& others) {
  struct Measure {
    const char* what;
    std::optional<double> PricedCard::*field;
  };
  const Measure measures[] = {{"per fp32 TFLOPS", &PricedCard::fp32_tflops},
                              {"per tensor TFLOPS (fp16 dense)", &PricedCard::tensor_tflops},
                              {"per GB/s of memory bandwidth", &PricedCard::bandwidth_gbs},
                              {"per GB of VRAM", &PricedCard::vram_gb}};
  std::vector<ValueFigure> out;
  for (const auto& m : measures) {
    const auto& mine = card.*m.field;
    if (!(card.price > 0) || !mine || !(*mine > 0)) continue;
    ValueFigure v{m.what, card.price / *mine, 1, 1};
    for (const auto& other : others) {
      const auto& theirs = other.*m.field;
      if (!(other.price > 0) || !theirs || !(*theirs > 0)) continue;
      ++v.ranked;
      if (other.price / *theirs < v.cost) ++v.rank;
    }
    out.push_back(v);
  }
  return out;
}

double yearly_energy_cost(double watts, double hours_per_day, double price_per_kwh) {
  return watts / 1000.0 * hours_per_day * 365.0 * price_per_kwh;
}

std::string checked_currency(const std::string& code) {
  static const char* const kCodes[] = {"USD", "EUR", "GBP", "JPY", "CNY", "CAD", "AUD",
                                       "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "INR",
                                       "KRW", "BRL", "MXN", "SGD", "HKD", "NZD", "TWD"};
  std::string upper = code;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return char(std::toupper(c)); });
  for (const char* c : kCodes)
    if (upper == c) return upper;
  std::string list;
  for (const char* c : kCodes) list += std::string(list.empty() ? "" : ", ") + c;
  throw std::invalid_argument("--currency: '" + printable(code) +
                              "' is not a currency this check knows (" + list + ")");
}

}  // namespace gpuprobe
