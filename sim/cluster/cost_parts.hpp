// File: sim/cluster/cost_parts.hpp
//
// What a run's bill is made of, in US dollars, for summary.json's `cost.breakdown`: each pool
// fills the parts its platform charges (servers: busy and idle instance time; serverless: billed
// execution, billed init, per-request fees, provisioned concurrency) and the policy adds the
// orchestrator's state transitions (Step Functions). run/summarize.cpp turns the mean parts into
// figures that sum to `cost.usd_total` exactly.
#pragma once

namespace servesim::cluster {

struct CostParts {
  double compute = 0;       // servers: instance time spent busy; serverless: billed execution GB-s
  double idle = 0;          // servers: instance time paid for while idle
  double provisioned = 0;   // serverless: provisioned-concurrency GB-s
  double init = 0;          // serverless: billed init of cold starts (bill_init)
  double requests = 0;      // serverless: per-invocation fees
  double orchestrator = 0;  // state transitions of an orchestrator (ensembles on Step Functions)

  CostParts& operator+=(const CostParts& other) {
    compute += other.compute;
    idle += other.idle;
    provisioned += other.provisioned;
    init += other.init;
    requests += other.requests;
    orchestrator += other.orchestrator;
    return *this;
  }
};

}  // namespace servesim::cluster
