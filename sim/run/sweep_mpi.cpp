// File: sim/run/sweep_mpi.cpp
#include "sim/run/sweep_mpi.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "sim/core/error.hpp"

#ifdef SERVESIM_HAVE_MPI
#include <mpi.h>
#endif

namespace servesim::run {

namespace {

#ifdef SERVESIM_HAVE_MPI
// Every launcher we know of exports the job size: Open MPI's mpirun, PMIx (Open MPI 5, Slurm
// srun --mpi=pmix) and PMI-1/2 (MPICH's hydra, srun --mpi=pmi2).
bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

constexpr int kMessageTag = 7;
#endif

}  // namespace

bool MpiWorld::built_with_mpi() {
#ifdef SERVESIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

MpiWorld::MpiWorld() {
#ifdef SERVESIM_HAVE_MPI
  if (!started_by_mpi_launcher()) return;
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  joined_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

MpiWorld::~MpiWorld() {
#ifdef SERVESIM_HAVE_MPI
  if (joined_) MPI_Finalize();
#endif
}

bool MpiWorld::all_ok(bool ok) {
#ifdef SERVESIM_HAVE_MPI
  if (joined_) {
    int mine = ok ? 1 : 0;
    int all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
  }
#endif
  return ok;
}

void MpiWorld::broadcast(std::vector<std::uint64_t>& values) {
#ifdef SERVESIM_HAVE_MPI
  if (!joined_) return;
  unsigned long long count = values.size();
  MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  values.resize(static_cast<std::size_t>(count));
  // MPI counts are int: send in chunks.
  constexpr std::size_t kChunk = std::size_t{1} << 24;
  for (std::size_t start = 0; start < values.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, values.size() - start);
    static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t));
    MPI_Bcast(values.data() + start, static_cast<int>(n), MPI_UNSIGNED_LONG_LONG, 0,
              MPI_COMM_WORLD);
  }
#else
  (void)values;
#endif
}

void MpiWorld::send_to_root(const std::string& message) {
  SERVESIM_ASSERT(rank_ != 0, "rank 0 does not send to itself");
#ifdef SERVESIM_HAVE_MPI
  SERVESIM_ASSERT(message.size() < (std::size_t{1} << 30), "MPI message too large");
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kMessageTag,
           MPI_COMM_WORLD);
#else
  (void)message;
#endif
}

std::optional<std::string> MpiWorld::poll_message() {
  SERVESIM_ASSERT(rank_ == 0, "only rank 0 receives");
#ifdef SERVESIM_HAVE_MPI
  if (!joined_) return std::nullopt;
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kMessageTag, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::string message(static_cast<std::size_t>(count), '\0');
  MPI_Recv(message.data(), count, MPI_CHAR, status.MPI_SOURCE, kMessageTag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return message;
#else
  return std::nullopt;
#endif
}

void MpiWorld::abort(int code) {
#ifdef SERVESIM_HAVE_MPI
  if (joined_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace servesim::run
