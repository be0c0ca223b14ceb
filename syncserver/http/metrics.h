#pragma once
// Prometheus text metrics: counters, gauges and latency histograms. Thread-safe; the hot path
// takes one mutex briefly.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace bianmin::syncd {

class Metrics {
public:
    void addCounter(const std::string& name, const std::string& labels, double delta = 1);
    void setGauge(const std::string& name, const std::string& labels, double value);
    void addGauge(const std::string& name, const std::string& labels, double delta);
    // Latency in seconds into buckets 1 ms … 10 s.
    void observe(const std::string& name, const std::string& labels, double seconds);
    std::string render() const; // text exposition format 0.0.4

private:
    static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> counts{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, std::map<std::string, double>> m_counters;
    std::map<std::string, std::map<std::string, double>> m_gauges;
    std::map<std::string, std::map<std::string, Histogram>> m_histograms;
};

} // namespace bianmin::syncd
