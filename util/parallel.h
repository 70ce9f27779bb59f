// A minimal parallel loop for the pure stages (reading and parsing meetings,
// extracting, merging): each index is independent and writes only its own
// slot of a result vector.
#pragma once
#include <cstddef>
#include <functional>

namespace dossier {

// Calls fn(i) for every i in [0, n), on as many threads as the machine has
// cores, at most 8, and one per 16 indices at most (for small n, threads
// would cost more than they save); the calling thread is one of them.
// Rethrows the first exception fn threw, after all threads joined.
void parallel_for(size_t n, const std::function<void(size_t)>& fn);

}  // namespace dossier
