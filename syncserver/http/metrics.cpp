#include "syncserver/http/metrics.h"

#include <sstream>

namespace bianmin::syncd {

void Metrics::addCounter(const std::string& name, const std::string& labels, double delta) {
    std::lock_guard lock(m_mutex);
    m_counters[name][labels] += delta;
}

void Metrics::setGauge(const std::string& name, const std::string& labels, double value) {
    std::lock_guard lock(m_mutex);
    m_gauges[name][labels] = value;
}

void Metrics::addGauge(const std::string& name, const std::string& labels, double delta) {
    std::lock_guard lock(m_mutex);
    m_gauges[name][labels] += delta;
}

void Metrics::observe(const std::string& name, const std::string& labels, double seconds) {
    std::lock_guard lock(m_mutex);
    Histogram& h = m_histograms[name][labels];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i])
            ++h.counts[i];
    ++h.count;
    h.sum += seconds;
}

namespace {
std::string braces(const std::string& labels) {
    return labels.empty() ? std::string() : "{" + labels + "}";
}
std::string withLe(const std::string& labels, const std::string& le) {
    return "{" + (labels.empty() ? std::string() : labels + ",") + "le=\"" + le + "\"}";
}
} // namespace

std::string Metrics::render() const {
    std::lock_guard lock(m_mutex);
    std::ostringstream out;
    for (const auto& [name, series] : m_counters) {
        out << "# TYPE " << name << " counter\n";
        for (const auto& [labels, v] : series)
            out << name << braces(labels) << " " << v << "\n";
    }
    for (const auto& [name, series] : m_gauges) {
        out << "# TYPE " << name << " gauge\n";
        for (const auto& [labels, v] : series)
            out << name << braces(labels) << " " << v << "\n";
    }
    for (const auto& [name, series] : m_histograms) {
        out << "# TYPE " << name << " histogram\n";
        for (const auto& [labels, h] : series) {
            for (std::size_t i = 0; i < kBuckets.size(); ++i) {
                std::ostringstream le;
                le << kBuckets[i];
                out << name << "_bucket" << withLe(labels, le.str()) << " " << h.counts[i] << "\n";
            }
            out << name << "_bucket" << withLe(labels, "+Inf") << " " << h.count << "\n";
            out << name << "_sum" << braces(labels) << " " << h.sum << "\n";
            out << name << "_count" << braces(labels) << " " << h.count << "\n";
        }
    }
    return out.str();
}

} // namespace bianmin::syncd
