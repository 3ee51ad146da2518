// The whole report: load, render into a staging directory, then replace the output directory.
//
// Output directory layout:
//   index.html         self-contained page (inline CSS, plots as base64 PNG)
//   summary.md         the key tables in Markdown
//   verdict.txt        what the run found, in about 15 lines (verdict.hpp)
//   measurements.tsv   one row per measurement (see crossmem/results/tidy.hpp)
//   plots/             gnuplot scripts (.gp), data (.dat), PNG and SVG of every plot
//   tuned.json, verify.json   copies of the tuner's files, when given or already present
//   tuned.conf, tuned.env     copies of the files found next to that tuned.json
//   .crossmem-report   marker: this directory may be replaced by the next report
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/results/extras.hpp"
#include "crossmem/results/results.hpp"

namespace crossmem::report {

struct ReportOptions {
  std::vector<std::filesystem::path> inputs;
  std::filesystem::path output;  // empty: default_output_dir(inputs.front())
  std::optional<std::filesystem::path> tuned;
  std::optional<std::filesystem::path> verify;
  std::optional<std::filesystem::path> reduce_anchor;  // crossmem-tune --reduce-anchor's JSON
};

// "report" next to the first input.
std::filesystem::path default_output_dir(const std::filesystem::path& first_input);

// A file copied into the report unchanged.
struct CopiedFile {
  std::string name;
  std::string text;
};

// Writes every report file for `results` into `dir` (an existing, empty directory).
// `tuned_text` / `verify_text` are the tuner files' contents, copied as tuned.json/verify.json;
// `copies` are written as they are; `reduce_anchor_text`, the MPI_Reduce anchor's JSON, is shown
// beside the reduce workload and copied as reduce_anchor.json.
// Throws SystemError / std::runtime_error when writing or gnuplot fails.
void write_report_files(const results::Results& results,
                        const std::optional<std::string>& tuned_text,
                        const std::optional<std::string>& verify_text,
                        const std::filesystem::path& dir,
                        const std::vector<CopiedFile>& copies = {},
                        const std::optional<std::string>& reduce_anchor_text = std::nullopt);

// Loads the inputs and the tuner files (taking tuned.json / verify.json from an existing output
// directory when not given), renders into a staging directory and replaces the output directory.
// tuned.conf / tuned.env next to the tuned.json used are copied too. Returns the output directory.
// Throws InvalidInput for bad inputs (nothing is written), and SystemError / std::runtime_error for
// failures while writing (nothing is left behind).
std::filesystem::path run_report(const ReportOptions& options);

}  // namespace crossmem::report
