#include "cli/check_options.hpp"

#include <CLI/CLI.hpp>

#include "gpuprobe/parse_number.hpp"

namespace gpuprobe::cli {

CLI::App* add_check_subcommand(CLI::App& app, CheckRawOptions& raw, CheckCommandLine& out,
                               bool& in_process) {
  auto* check = app.add_subcommand(
      "check",
      "Buyer's check of each card: identity against the spec database, measured vs spec, a "
      "VRAM test, a sustained load with throttling, software support, value for money and "
      "energy; prints PASS / WARN / FAIL with every reason");
  check->footer(
      "Exit codes: 0 PASS, 1 FAIL (a card failed a check: memory errors, wrong identity, below "
      "85 % of spec, wrong results under load), 2 bad usage, 3 WARN (throttling, a narrow PCIe "
      "link, ended software support, or nothing could be judged), 130 interrupted.");
  check
      ->add_option("-d,--device", raw.devices,
                   "BACKEND or BACKEND:INDEX to check (default: every device)")
      ->delimiter(',');
  check->add_flag("--identity-only", out.identity_only,
                  "Only the identity and support checks (no load, no memory test)");
  check->add_flag("--quick", out.options.quick,
                  "60 s of sustained load (default 300 s) and at most 1 GiB of memory tested");
  check
      ->add_option("--load-seconds", raw.load_seconds,
                   "Sustained load, full then partial (seconds)")
      ->type_name("S");
  check
      ->add_option("--memtest-bytes", raw.memtest_bytes,
                   "Memory to test (e.g. 512MiB; default 90 % of free memory, 25 % of host RAM "
                   "for a CPU device)")
      ->type_name("SIZE");
  check
      ->add_option("--memtest-idle-s", raw.memtest_idle_s,
                   "Pause before the memory test's retention re-read (default 5 s)")
      ->type_name("S");
  check->add_flag("--skip-memory", out.options.skip_memory, "Leave out the memory test");
  check->add_flag("--skip-load", out.options.skip_load, "Leave out the sustained load");
  check->add_option("--price", raw.price, "The asking price, for value figures")
      ->type_name("AMOUNT");
  check->add_option("--currency", raw.currency,
                    "ISO 4217 code of --price, --price-list and --kwh-price (default USD)");
  check
      ->add_option("--price-list", out.options.price_list,
                   "CSV 'name,price' of cards at today's prices (in --currency), each named as a "
                   "row of the spec database: the value figures rank against these instead of "
                   "launch prices")
      ->type_name("FILE");
  check->add_option("--kwh-price", raw.kwh_price, "Electricity price per kWh, for the yearly cost")
      ->type_name("AMOUNT");
  check->add_option("--hours-per-day", raw.hours_per_day, "Hours of use a day (default 8)")
      ->type_name("H");
  check->add_option("--spec-file", out.options.spec_file,
                    "CSV rows that add to or replace rows of the shipped spec database");
  check->add_option("--format", out.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "markdown"}));
  check->add_option("--json", out.json_path, "Also write the JSON report to FILE");
  check->add_flag("--in-process", in_process,
                  "Load the plugins into this process instead of a worker process each");
  return check;
}

void parse_check_options(const CheckRawOptions& raw, CheckCommandLine& out) {
  BuyerCheckOptions& o = out.options;
  for (const auto& d : raw.devices) {
    const BackendIndexText ref = parse_backend_index(d, kEveryDevice - 1, "--device");
    o.devices.push_back({ref.backend, ref.has_index ? ref.index : kEveryDevice});
  }
  if (!raw.load_seconds.empty())
    o.load_seconds = parse_finite_double(raw.load_seconds, 0.5, 7 * 24 * 3600.0, "--load-seconds");
  if (!raw.memtest_bytes.empty())
    o.memtest_bytes =
        parse_size_bytes(raw.memtest_bytes, 4096, uint64_t{1} << 40, "--memtest-bytes");
  if (!raw.memtest_idle_s.empty())
    o.memtest_idle_seconds = parse_finite_double(raw.memtest_idle_s, 0, 3600, "--memtest-idle-s");
  if (!raw.price.empty()) o.price = parse_finite_double(raw.price, 0.01, 1e9, "--price");
  if (!raw.kwh_price.empty())
    o.kwh_price = parse_finite_double(raw.kwh_price, 0, 1e3, "--kwh-price");
  if (!raw.hours_per_day.empty())
    o.hours_per_day = parse_finite_double(raw.hours_per_day, 0.1, 24, "--hours-per-day");
  o.currency = checked_currency(raw.currency);
  if (out.identity_only &&
      (o.skip_load || o.skip_memory || o.quick || !raw.load_seconds.empty() ||
       !raw.memtest_bytes.empty() || !raw.price.empty() || !o.price_list.empty()))
    throw std::invalid_argument(
        "check --identity-only runs neither load, memory test nor value figures; drop the options "
        "for them");
}

}  // namespace gpuprobe::cli
