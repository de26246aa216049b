// C++ helpers of the processor benchmark's RDataFrame analyses (rdf_queries.py declares this file with
// gInterpreter.Declare and calls the functions from its Define/Filter strings). Kinematics in double from
// the float branches with our processor's formulas: px = pt cos(phi), ..., E = sqrt(p^2 + m^2), the mass
// of a sum sqrt(E^2 - p^2) (negative when E^2 < p^2), delta-phi from fmod wrapped into [-pi, pi).
#include <ROOT/RVec.hxx>
#include <cmath>
#include <limits>

namespace pcbench {
using ROOT::RVecF;
using ROOT::RVecI;

struct P4 {
    double px = 0, py = 0, pz = 0, e = 0;
    P4 operator+(const P4 &o) const { return {px + o.px, py + o.py, pz + o.pz, e + o.e}; }
    double mass() const {
        const double s = e * e - px * px - py * py - pz * pz;
        return s > 0 ? std::sqrt(s) : -std::sqrt(-s);
    }
    double pt() const { return std::sqrt(px * px + py * py); }
};

inline P4 p4(double pt, double eta, double phi, double mass) {
    const double px = pt * std::cos(phi), py = pt * std::sin(phi), pz = pt * std::sinh(eta);
    return {px, py, pz, std::sqrt(px * px + py * py + pz * pz + mass * mass)};
}

inline double delta_r(double eta1, double phi1, double eta2, double phi2) {
    double dphi = std::fmod(phi1 - phi2, 2 * M_PI);
    if (dphi >= M_PI) dphi -= 2 * M_PI;
    if (dphi < -M_PI) dphi += 2 * M_PI;
    const double deta = eta1 - eta2;
    return std::sqrt(deta * deta + dphi * dphi);
}

// dimuon: the mass of the first two objects.
inline double pair_mass(const RVecF &pt, const RVecF &eta, const RVecF &phi, const RVecF &mass) {
    return (p4(pt[0], eta[0], phi[0], mass[0]) + p4(pt[1], eta[1], phi[1], mass[1])).mass();
}

// Q5: an opposite-charge pair with mass in 60-120 GeV.
inline bool has_z_pair(const RVecF &pt, const RVecF &eta, const RVecF &phi, const RVecF &mass,
                       const RVecI &charge) {
    const auto n = pt.size();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            if (charge[i] + charge[j] != 0) continue;
            const double m = (p4(pt[i], eta[i], phi[i], mass[i]) + p4(pt[j], eta[j], phi[j], mass[j])).mass();
            if (m > 60 && m < 120) return true;
        }
    return false;
}

// Q6: {pt, largest b-tag} of the trijet with mass closest to 172.5 GeV (the first such in (i<j<k) order).
inline ROOT::RVecD best_trijet(const RVecF &pt, const RVecF &eta, const RVecF &phi, const RVecF &mass,
                               const RVecF &btag) {
    const auto n = pt.size();
    ROOT::RVec<P4> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = p4(pt[i], eta[i], phi[i], mass[i]);
    double best = std::numeric_limits<double>::infinity(), best_pt = 0, best_btag = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            for (std::size_t k = j + 1; k < n; ++k) {
                const P4 sum = v[i] + v[j] + v[k];
                const double distance = std::abs(sum.mass() - 172.5);
                if (distance < best) {
                    best = distance;
                    best_pt = sum.pt();
                    best_btag = std::max(std::max(double(btag[i]), double(btag[j])), double(btag[k]));
                }
            }
    return {best_pt, best_btag};
}

// Q7: the scalar sum of the pt of jets with pt > 30 GeV farther than 0.4 in dR from every muon and
// electron with pt > 10 GeV.
inline bool isolated(double eta, double phi, const RVecF &pt, const RVecF &oeta, const RVecF &ophi) {
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < pt.size(); ++i)
        if (pt[i] > 10) nearest = std::min(nearest, delta_r(eta, phi, oeta[i], ophi[i]));
    return nearest > 0.4;
}

inline double clean_jet_ht(const RVecF &pt, const RVecF &eta, const RVecF &phi, const RVecF &mu_pt,
                           const RVecF &mu_eta, const RVecF &mu_phi, const RVecF &el_pt, const RVecF &el_eta,
                           const RVecF &el_phi) {
    double sum = 0;
    for (std::size_t i = 0; i < pt.size(); ++i)
        if (pt[i] > 30 && isolated(eta[i], phi[i], mu_pt, mu_eta, mu_phi) &&
            isolated(eta[i], phi[i], el_pt, el_eta, el_phi))
            sum += pt[i];
    return sum;
}

// Q8: light leptons (electrons then muons, pt > 10 GeV); among same-flavour opposite-charge pairs the one
// with mass closest to 91.2 GeV; the transverse mass of MET and the highest-pt lepton not in it.
// NaN when there are fewer than three leptons or no such pair.
inline double trilepton_mt(const RVecF &el_pt, const RVecF &el_eta, const RVecF &el_phi, const RVecF &el_mass,
                           const RVecI &el_charge, const RVecF &mu_pt, const RVecF &mu_eta, const RVecF &mu_phi,
                           const RVecF &mu_mass, const RVecI &mu_charge, float met_pt, float met_phi) {
    struct Lepton { P4 v; double pt, phi; int charge, flavour; };
    ROOT::RVec<Lepton> leptons;
    for (std::size_t i = 0; i < el_pt.size(); ++i)
        if (el_pt[i] > 10)
            leptons.push_back({p4(el_pt[i], el_eta[i], el_phi[i], el_mass[i]), el_pt[i], el_phi[i], el_charge[i], 0});
    for (std::size_t i = 0; i < mu_pt.size(); ++i)
        if (mu_pt[i] > 10)
            leptons.push_back({p4(mu_pt[i], mu_eta[i], mu_phi[i], mu_mass[i]), mu_pt[i], mu_phi[i], mu_charge[i], 1});
    const auto n = leptons.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (n < 3) return nan;
    double best = std::numeric_limits<double>::infinity();
    std::size_t first = n, second = n;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            if (leptons[i].charge + leptons[j].charge != 0 || leptons[i].flavour != leptons[j].flavour) continue;
            const double distance = std::abs((leptons[i].v + leptons[j].v).mass() - 91.2);
            if (distance < best) { best = distance; first = i; second = j; }
        }
    if (first == n) return nan;
    std::size_t lead = n;
    for (std::size_t i = 0; i < n; ++i)
        if (i != first && i != second && (lead == n || leptons[i].pt > leptons[lead].pt)) lead = i;
    return std::sqrt(2 * double(met_pt) * leptons[lead].pt * (1 - std::cos(leptons[lead].phi - double(met_phi))));
}
}  // namespace pcbench
