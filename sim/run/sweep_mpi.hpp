// File: sim/run/sweep_mpi.hpp
//
// The few MPI operations a sweep needs, behind one small class so that the rest of the code
// never sees <mpi.h>. Built with MPI when CMake finds it (option SERVESIM_MPI, which defines
// SERVESIM_HAVE_MPI); otherwise, and whenever the process was not started by an MPI launcher
// (mpirun, srun, mpiexec), the world is a single rank and MPI is never initialised, so a plain
// `servesim sweep` never pays for or depends on an MPI runtime.
//
// Thread use: MPI_THREAD_FUNNELED. Only the thread that constructed the MpiWorld calls its
// methods; sweep worker threads never touch MPI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::run {

class MpiWorld {
 public:
  // Joins the MPI job if this process was started by an MPI launcher and servesim was built
  // with MPI. Throws std::runtime_error if MPI_Init fails.
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  static bool built_with_mpi();
  // True when MPI was initialised (even with one rank).
  bool joined() const { return joined_; }
  int rank() const { return rank_; }
  int size() const { return size_; }

  // Collective: true when every rank passed ok = true.
  bool all_ok(bool ok);
  // Collective: rank 0's `values` replace every other rank's.
  void broadcast(std::vector<std::uint64_t>& values);
  // REQUIRES: rank() != 0. Sends one message to rank 0 (blocking until it can be buffered).
  void send_to_root(const std::string& message);
  // REQUIRES: rank() == 0. A message from another rank if one has arrived; never blocks, so
  // rank 0 can poll while its own worker threads compute (a blocking receive in Open MPI spins
  // a core).
  std::optional<std::string> poll_message();
  // Ends every rank of the job with `code` (after an internal error on one of them).
  [[noreturn]] void abort(int code);

 private:
  bool joined_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace servesim::run
