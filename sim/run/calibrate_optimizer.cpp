// File: sim/run/calibrate_optimizer.cpp
#include "sim/run/calibrate_optimizer.hpp"

#include <fmt/format.h>
#include <nlopt.h>

#include <exception>
#include <memory>
#include <stdexcept>
#include <type_traits>

#include "sim/core/error.hpp"

namespace servesim::run {

namespace {

nlopt_algorithm to_nlopt(io::Algorithm algorithm) {
  switch (algorithm) {
    case io::Algorithm::kBobyqa:
      return NLOPT_LN_BOBYQA;
    case io::Algorithm::kNelderMead:
      return NLOPT_LN_NELDERMEAD;
    case io::Algorithm::kSbplx:
      return NLOPT_LN_SBPLX;
  }
  return NLOPT_LN_SBPLX;
}

std::string describe(nlopt_result result) {
  switch (result) {
    case NLOPT_SUCCESS:
      return "success";
    case NLOPT_STOPVAL_REACHED:
      return "stopval reached";
    case NLOPT_FTOL_REACHED:
      return "ftol reached";
    case NLOPT_XTOL_REACHED:
      return "xtol reached";
    case NLOPT_MAXEVAL_REACHED:
      return "max_evaluations reached";
    case NLOPT_MAXTIME_REACHED:
      return "max time reached";
    case NLOPT_ROUNDOFF_LIMITED:
      return "roundoff limited";
    case NLOPT_FORCED_STOP:
      return "forced stop";
    default:
      return fmt::format("nlopt error {}", static_cast<int>(result));
  }
}

struct Context {
  const std::function<double(const std::vector<double>&)>* f;
  std::exception_ptr error;
  nlopt_opt opt;
  int evaluations = 0;
};

double trampoline(unsigned n, const double* x, double* grad, void* data) {
  auto* context = static_cast<Context*>(data);
  (void)grad;  // derivative-free algorithms only: NLopt never asks for a gradient
  try {
    ++context->evaluations;
    return (*context->f)(std::vector<double>(x, x + n));
  } catch (...) {
    context->error = std::current_exception();
    nlopt_force_stop(context->opt);
    return 0;
  }
}

}  // namespace

OptimizerResult minimize_unit_box(const io::OptimizerSpec& options,
                                  const std::vector<double>& start,
                                  const std::function<double(const std::vector<double>&)>& f) {
  const auto n = static_cast<unsigned>(start.size());
  SERVESIM_ASSERT(n >= 1, "a calibration needs at least one free key");
  SERVESIM_ASSERT(options.algorithm != io::Algorithm::kBobyqa || n >= 2,
                  "bobyqa with one free key (the loader refuses it)");
  const std::unique_ptr<std::remove_pointer_t<nlopt_opt>, decltype(&nlopt_destroy)> opt(
      nlopt_create(to_nlopt(options.algorithm), n), &nlopt_destroy);
  SERVESIM_ASSERT(opt != nullptr, "nlopt_create failed");
  const std::vector<double> lower(n, 0.0);
  const std::vector<double> upper(n, 1.0);
  Context context{&f, nullptr, opt.get()};
  nlopt_set_lower_bounds(opt.get(), lower.data());
  nlopt_set_upper_bounds(opt.get(), upper.data());
  nlopt_set_min_objective(opt.get(), &trampoline, &context);
  nlopt_set_maxeval(opt.get(), options.max_evaluations);
  nlopt_set_xtol_abs1(opt.get(), options.xtol);
  nlopt_set_initial_step1(opt.get(), kInitialStep);

  std::vector<double> x = start;
  double best = 0;
  const nlopt_result result = nlopt_optimize(opt.get(), x.data(), &best);
  if (context.error) std::rethrow_exception(context.error);
  // Round-off: NLopt still returns the best point it found, which is what is reported.
  if (result < 0 && result != NLOPT_ROUNDOFF_LIMITED) {
    throw std::runtime_error(fmt::format("NLopt failed: {}", describe(result)));
  }
  return {x, best, context.evaluations, describe(result)};
}

}  // namespace servesim::run
