// File: sim/policy/load_balancer/balancers.hpp
#pragma once

#include "sim/policy/load_balancer/load_balancer.hpp"

namespace servesim::policy {

class RoundRobin final : public LoadBalancer {
 public:
  std::uint32_t pick(LoadView& view, core::RngStream& rng) override;

 private:
  std::uint32_t next_ = 0;
};

class RandomChoice final : public LoadBalancer {
 public:
  std::uint32_t pick(LoadView& view, core::RngStream& rng) override;
};

class ShortestQueue final : public LoadBalancer {
 public:
  LoadMetric metric() const override { return LoadMetric::kQueueLength; }
  std::uint32_t pick(LoadView& view, core::RngStream& rng) override;

 private:
  std::uint32_t start_ = 0;
};

class LeastOutstanding final : public LoadBalancer {
 public:
  LoadMetric metric() const override { return LoadMetric::kOutstanding; }
  std::uint32_t pick(LoadView& view, core::RngStream& rng) override;

 private:
  std::uint32_t start_ = 0;
};

class PowerOfTwo final : public LoadBalancer {
 public:
  std::uint32_t pick(LoadView& view, core::RngStream& rng) override;
};

}  // namespace servesim::policy
