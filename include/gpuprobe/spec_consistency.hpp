// Internal consistency of spec rows: the checks the shipped database must pass (its test)
// and that a --spec-file can be held to. Each problem names the row (FILE:LINE) and figures.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/pci_ids.hpp"
#include "gpuprobe/spec_db.hpp"

namespace gpuprobe {

// Relative tolerance of the derived figures: vendors round their published numbers.
inline constexpr double kSpecTolerance = 0.03;

// - bandwidth ~= bus width x data rate / 8, fp32 ~= shader units x boost clock x flops per
//   shader per clock (each where the row has all three figures);
// - the vendor's PCI vendor id (NVIDIA 10de, AMD 1002);
// - no two rows with one vendor:device id unless every row of it says pci_id_shared = yes,
//   and no such mark on an id only one row has; no two rows with one normalized name;
// - with `pci_ids`: every id it lists names the card plausibly; an id it lacks is accepted
//   only for a card launched in or after the year of its Date (the file predates the card).
std::vector<std::string> spec_consistency_problems(const SpecDatabase& db, const PciIds* pci_ids);

// Rows whose PCI id the given pci.ids lacks (accepted as newer than the file), "FILE:LINE NAME".
std::vector<std::string> spec_ids_missing_from(const SpecDatabase& db, const PciIds& pci_ids);

}  // namespace gpuprobe
