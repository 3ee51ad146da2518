// Placement plans on the shared topology loader (crossmem/kernel/topology.hpp).
#pragma once

#include "crossmem/kernel/topology.hpp"

namespace crossmem::placement {

using Topology = kernel::Topology;

}  // namespace crossmem::placement
