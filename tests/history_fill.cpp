// Fills a history store fast, for the GUI test and bench/history:
//   history_fill DB crafted RUNS          a trend: RUNS runs on two hosts, read and latency
//   history_fill DB copies RUNS RESULT    RESULT.json saved RUNS times (hosts host-0..host-15),
//                                         the document stored with the first copy only
//   history_fill DB timed RUNS RESULT     RESULT.json saved RUNS times as `gpuprobe run` saves
//                                         it (the JSON document made and stored each time);
//                                         prints the median and slowest save in ms
// DB is an SQLite path or a postgresql:// URL.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gpuprobe/history_store.hpp"
#include "gpuprobe/result_io.hpp"
#include "history_fixture.hpp"

int main(int argc, char** argv) {
  using namespace gpuprobe;
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: history_fill DB crafted RUNS | history_fill DB copies RUNS FILE\n");
    return 2;
  }
  try {
    auto store = open_history_store(argv[1]);
    const std::string how = argv[2];
    const int runs = std::atoi(argv[3]);
    if (how == "crafted") {
      for (int r = 0; r < runs; ++r) {
        char day[32];
        std::snprintf(day, sizeof day, "2026-03-%02dT08:00:00Z", 1 + r % 28);
        // A slow drift down with a dip at the fourth run, on two devices of two hosts.
        const double read = 180 - 2.0 * r - (r == 3 ? 40 : 0);
        store->save(test::crafted_run(r % 2 ? "lab-b" : "lab-a", day, "AMD EPYC",
                                      {{"read", "GB/s", 1 << 26, read, 6},
                                       {"read", "GB/s", 1 << 20, read * 1.6, 10},
                                       {"launch_latency", "us", 0, 4 + 0.1 * r, 0.2}},
                                      "cpu"),
                    "");
      }
    } else if (how == "copies" && argc >= 5) {
      RunReport report = load_report(argv[4]);
      const std::string document = to_json(report, -1);
      for (int r = 0; r < runs; ++r) {
        report.host.hostname = "host-" + std::to_string(r % 16);
        store->save(report, r == 0 ? document : "");
      }
    } else if (how == "timed" && argc >= 5) {
      const RunReport report = load_report(argv[4]);
      std::vector<double> ms;
      for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        store->save(report, to_json(report, -1));
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
      }
      std::sort(ms.begin(), ms.end());
      std::printf("save of a run with %zu points: median %.2f ms, slowest %.2f ms over %d saves\n",
                  history_points(report).size(), ms[ms.size() / 2], ms.back(), runs);
    } else {
      std::fprintf(stderr, "history_fill: unknown mode %s\n", how.c_str());
      return 2;
    }
    std::printf("saved %d run(s) to %s\n", runs, store->describe().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "history_fill: %s\n", e.what());
    return 1;
  }
  return 0;
}
