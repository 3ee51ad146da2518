#include "report.hpp"

#include <cerrno>
#include <fstream>

#include "crossmem/error.hpp"
#include "crossmem/results/tidy.hpp"
#include "html.hpp"
#include "markdown.hpp"
#include "model.hpp"
#include "plots.hpp"
#include "staging.hpp"
#include "verdict.hpp"

namespace crossmem::report {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw SystemError(errno ? errno : EIO, "writing " + file.string());
}

}  // namespace

fs::path default_output_dir(const fs::path& first_input) {
  return first_input.parent_path() / "report";
}

void write_report_files(const results::Results& results,
                        const std::optional<std::string>& tuned_text,
                        const std::optional<std::string>& verify_text, const fs::path& dir,
                        const std::vector<CopiedFile>& copies,
                        const std::optional<std::string>& reduce_anchor_text) {
  std::optional<results::Tuned> tuned;
  std::optional<results::Verify> verify;
  if (tuned_text) tuned = results::parse_tuned(*tuned_text, "tuned.json");
  if (verify_text) verify = results::parse_verify(*verify_text, "verify.json");
  Model model = build_model(results, std::move(tuned), std::move(verify));
  if (reduce_anchor_text) {
    model.reduce_anchor = results::parse_reduce_anchor(*reduce_anchor_text, "reduce_anchor.json");
  }

  {
    std::ofstream tsv(dir / "measurements.tsv", std::ios::binary);
    results::write_measurements_tsv(results, tsv);
    tsv.close();
    if (!tsv)
      throw SystemError(errno ? errno : EIO, "writing " + (dir / "measurements.tsv").string());
  }
  fs::path plot_dir = dir / "plots";
  std::error_code ec;
  fs::create_directory(plot_dir, ec);
  if (ec) throw SystemError(ec.value(), "creating " + plot_dir.string());
  Plots plots = make_plots(model, plot_dir);

  write_file(dir / "index.html", render_html(model, plots, plot_dir));
  write_file(dir / "summary.md", render_markdown(model, plots, "plots/"));
  write_file(dir / "verdict.txt", render_verdict(model));
  if (tuned_text) write_file(dir / "tuned.json", *tuned_text);
  if (verify_text) write_file(dir / "verify.json", *verify_text);
  if (reduce_anchor_text) write_file(dir / "reduce_anchor.json", *reduce_anchor_text);
  for (const CopiedFile& copy : copies) write_file(dir / copy.name, copy.text);
}

fs::path run_report(const ReportOptions& options) {
  if (options.inputs.empty()) throw InvalidInput("no input file given");
  fs::path output =
      options.output.empty() ? default_output_dir(options.inputs.front()) : options.output;

  results::Results results = results::load_results(options.inputs);

  // The tuner's files: given explicitly, or left in the output directory by an earlier run.
  auto tuner_file = [&output](const std::optional<fs::path>& given, const char* name, auto parse,
                              std::optional<fs::path>& file) -> std::optional<std::string> {
    file = given;
    std::error_code ec;
    if (!file && fs::exists(output / kReportMarker, ec) && fs::exists(output / name, ec)) {
      file = output / name;
    }
    if (!file) return std::nullopt;
    std::string text = results::read_text_file(*file);
    parse(text, file->string());
    return text;
  };
  std::optional<fs::path> tuned_file;
  std::optional<std::string> tuned_text =
      tuner_file(options.tuned, "tuned.json", results::parse_tuned, tuned_file);
  std::optional<fs::path> verify_file;
  std::optional<std::string> verify_text =
      tuner_file(options.verify, "verify.json", results::parse_verify, verify_file);
  std::optional<fs::path> anchor_file;
  std::optional<std::string> anchor_text = tuner_file(options.reduce_anchor, "reduce_anchor.json",
                                                      results::parse_reduce_anchor, anchor_file);

  // The paste-ready files the tuner wrote next to its tuned.json travel with it, so that
  // rebuilding a report does not lose them.
  std::vector<CopiedFile> copies;
  if (tuned_file) {
    for (const char* name : {"tuned.conf", "tuned.env"}) {
      fs::path companion = tuned_file->parent_path() / name;
      std::error_code ec;
      if (fs::is_regular_file(companion, ec)) {
        copies.push_back({name, results::read_text_file(companion)});
      }
    }
  }

  StagedDirectory staged(output);
  write_report_files(results, tuned_text, verify_text, staged.path(), copies, anchor_text);
  staged.commit();
  return staged.target();
}

}  // namespace crossmem::report
