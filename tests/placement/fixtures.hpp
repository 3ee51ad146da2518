// Topology fixtures for the placement tests.
#pragma once

#include <string>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement::testing {

// Absolute path of a file in tests/fixtures/topologies.
std::string fixture_path(const std::string& name);

// Loads tests/fixtures/topologies/<name> (e.g. "all-classes.xml").
Topology load_fixture(const std::string& name);

// Every XML fixture file name.
inline const char* const kFixtureNames[] = {"all-classes.xml", "numa-per-l3-smt.xml",
                                            "single-node-no-smt.xml", "memory-only-node.xml"};

}  // namespace crossmem::placement::testing
