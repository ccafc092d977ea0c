// JUnit XML as Jenkins, GitLab and GitHub test reporters read it: a <testsuite> per device,
// a <testcase> per point. Schema written down in tests/junit.xsd.
#include <cstdio>

#include "gpuprobe/compare.hpp"
#include "gpuprobe/report_format.hpp"

namespace gpuprobe {
namespace {

// Attribute- and text-safe: the five entities, and control characters XML 1.0 forbids
// (a plugin's message could carry one) dropped.
std::string xml_escape(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') out += char(ch);
    }
  }
  return out;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

double point_seconds(const Measurement& m) {
  double total = 0;
  for (double s : m.sample_seconds) total += s;
  return total;
}

struct Counts {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

std::string counts_attributes(const Counts& c) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) +
         "\" errors=\"" + std::to_string(c.errors) + "\" skipped=\"" + std::to_string(c.skipped) +
         "\" time=\"" + seconds_text(c.seconds) + "\"";
}

}  // namespace

std::string junit_xml(const RunReport& report, const GateResult* gate) {
  Counts all;
  std::string suites;
  for (const auto& d : report.devices) {
    const std::string device_label = d.device.label();
    Counts counts;
    std::string cases;
    for (const auto& k : d.kernels)
      for (const auto& m : k.points) {
        ++counts.tests;
        const double seconds = point_seconds(m);
        counts.seconds += seconds;
        std::string body;
        const GatePoint* judged = gate ? gate->find(device_label, k.kernel, m.requested) : nullptr;
        // Unsupported is a skip, unless the baseline measured it: then the run lost it.
        const bool lost = judged && judged->verdict == GateVerdict::NowUnsupported;
        switch (lost ? MeasurementStatus::Ok : m.status) {
          case MeasurementStatus::Ok:
            break;
          case MeasurementStatus::VerificationFailed:
            ++counts.failures;
            body += "      <failure type=\"verification\" message=\"" +
                    xml_escape("verification failed: " + m.message) + "\"/>\n";
            break;
          case MeasurementStatus::Error:
            ++counts.errors;
            body += "      <error type=\"device\" message=\"" + xml_escape(m.message) + "\"/>\n";
            break;
          case MeasurementStatus::Unsupported:
          case MeasurementStatus::Skipped:
          case MeasurementStatus::Cancelled:
            ++counts.skipped;
            body += "      <skipped message=\"" +
                    xml_escape(std::string(to_string(m.status)) +
                               (m.message.empty() ? "" : ": " + m.message)) +
                    "\"/>\n";
            break;
        }
        if (lost) {
          ++counts.failures;
          body += "      <failure type=\"now unsupported\" message=\"" +
                  xml_escape("measured in the baseline, now unsupported: " + m.message) + "\"/>\n";
        }
        if (judged && judged->verdict == GateVerdict::Regression) {
          ++counts.failures;
          char text[160];
          std::snprintf(text, sizeof text,
                        "regression: %.4g -> %.4g %s (%.1f%% worse, limit %.1f%%), outside the "
                        "measured spread",
                        judged->baseline->figure.median, m.figure.median, k.unit.c_str(),
                        judged->worse_by * 100, gate->threshold * 100);
          body += "      <failure type=\"regression\" message=\"" + xml_escape(text) + "\"/>\n";
        }
        std::string out = m.status == MeasurementStatus::Ok
                              ? format_cell(m, true, d.device.backend) + " " + k.unit
                              : std::string(to_string(m.status));
        if (judged && judged->verdict == GateVerdict::WithinNoise)
          out += "; worse than the limit but within noise";
        body += "      <system-out>" + xml_escape(out) + "</system-out>\n";
        cases += "    <testcase classname=\"" + xml_escape(device_label) + "\" name=\"" +
                 xml_escape(k.kernel + " " + describe_params(k.kernel, m.requested)) +
                 "\" time=\"" + seconds_text(seconds) + "\">\n" + body + "    </testcase>\n";
      }
    suites += "  <testsuite name=\"" + xml_escape(device_label) + "\"" + counts_attributes(counts) +
              " timestamp=\"" + xml_escape(report.started_utc) + "\" hostname=\"" +
              xml_escape(report.host.hostname) + "\">\n" + cases + "  </testsuite>\n";
    all.tests += counts.tests;
    all.failures += counts.failures;
    all.errors += counts.errors;
    all.skipped += counts.skipped;
    all.seconds += counts.seconds;
  }
  // A device the baseline measured and this run lacks: one failed case, in a suite of its own,
  // so the CI system shows the vanished backend instead of fewer green cases.
  for (const auto& missing : gate ? gate->missing_devices : std::vector<std::string>{}) {
    Counts counts;
    counts.tests = counts.failures = 1;
    suites += "  <testsuite name=\"" + xml_escape(missing) + "\"" + counts_attributes(counts) +
              " timestamp=\"" + xml_escape(report.started_utc) + "\" hostname=\"" +
              xml_escape(report.host.hostname) + "\">\n    <testcase classname=\"" +
              xml_escape(missing) + "\" name=\"device present\" time=\"0\">\n" +
              "      <failure type=\"missing device\" message=\"" +
              xml_escape("measured in baseline " + gate->baseline_file +
                         ", absent now: its backend did not load or found no device") +
              "\"/>\n    </testcase>\n  </testsuite>\n";
    all.tests += 1;
    all.failures += 1;
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gpuprobe\"" +
         counts_attributes(all) + ">\n" + suites + "</testsuites>\n";
}

}  // namespace gpuprobe
