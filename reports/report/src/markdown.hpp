// summary.md: the key tables of the report in Markdown.
#pragma once

#include <string>

#include "model.hpp"
#include "plots.hpp"

namespace crossmem::report {

// `plot_prefix` is prepended to plot file names in image links ("plots/").
std::string render_markdown(const Model& model, const Plots& plots, const std::string& plot_prefix);

}  // namespace crossmem::report
