"""Reference values the tests compare against, each with the call or calculation that produced it.

Values come from independent implementations (R's metafor, statsmodels), published tables (e.g. Miller
1978) or hand calculations written out beside them; never from this package's own output.
"""

from __future__ import annotations

# --- core: intervals --------------------------------------------------------------------------------
# Wilson score interval, 5 of 10, z = 1.959964 (hand): centre 0.5, half-width
# z/(1+z²/10)·sqrt(0.025 + z²/400) = 0.26341.
WILSON_5_OF_10 = (0.23659, 0.76341)

# --- epidemiology ------------------------------------------------------------------------------------
# core.meta, DerSimonian–Laird by hand for y = (0, 1, 3), v = (1, 1, 2):
#   w = (1, 1, 1/2), fixed mean 1, Q = 1 + 0 + 2 = 3 on 2 df, C = 5/2 - (9/4)/(5/2) = 8/5,
#   tau² = (3 - 2)/(8/5) = 5/8; w* = (8/13, 8/13, 8/21), sum 440/273, mu = (480/273)/(440/273) = 12/11,
#   se = sqrt(273/440), I² = (3 - 2)/3, weight of study 3 = (8/21)/(440/273) = 13/55.
DL_HAND = {"tau2": 5 / 8, "mu": 12 / 11, "se": (273 / 440) ** 0.5, "q": 3.0, "i2": 1 / 3, "w3": 13 / 55}
# metafor's dat.bcg (Colditz et al. 1994), log risk ratios: tpos, tneg, cpos, cneg.
BCG = {
    "tpos": [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27],
    "tneg": [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886],
    "cpos": [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29],
    "cneg": [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825],
}
# metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r, rma(yi, vi, method="DL") (checked
# there against Stata metan): estimate, CI, tau², I² (%), Q.
BCG_DL = {"mu": -0.7141, "ci": (-1.0644, -0.3638), "tau2": 0.3088, "i2": 92.1173, "q": 152.2330}
# metafor rma(yi, vi, data=dat.bcg, method="REML"): estimate (SE), CI, tau².
BCG_REML = {"mu": -0.7145, "se": 0.1798, "ci": (-1.0669, -0.3622), "tau2": 0.3132}
# Miller (1978) p. 138, as in metafor's test_analysis_example_miller1978.r: x = (3, 6, 10, 1),
# n = (11, 17, 21, 6); double arcsine (twice the half-sum scale), its variance x4, and the equal-effects
# mean back-transformed with the harmonic-mean n.
MILLER_1978 = {"t2": [1.1391, 1.2888, 1.5253, 0.9515], "v4": [0.0870, 0.0571, 0.0465, 0.1538], "p": 0.3595}
# metafor test with proportions 0 and 1: x = (0, 4, 9, 16, 20), n = (10, 10, 15, 20, 20), PFT,
# equal effects: back-transformed mean and 95% CI.
FT_ZERO_AND_ONE = {"p": 0.6886, "ci": (0.5734, 0.7943)}
# The report's headline: the six whole-population prevalence studies with counts (data rows P09, P11,
# P29, P43, P58, P72a; cases / population at risk) pooled by DerSimonian–Laird on the logit scale,
# computed with numpy only (no statsmodels, no nmosd_evidence):
#   y = log(x/(n-x)), v = 1/x + 1/(n-x); w = 1/v; Q = sum w (y - sum wy/sum w)²;
#   tau² = (Q - 5)/(sum w - sum w²/sum w); w* = 1/(v + tau²); mu = sum w*y/sum w*; se = sqrt(1/sum w*);
#   per 100,000 = 1e5 expit(mu), CI expit(mu ± 1.959964 se), PI expit(mu ± t(0.975, 4) sqrt(tau² + se²)).
SIX_STUDIES = {  # estimate_id: (cases, population at risk), as in data/epidemiology/estimates.csv
    "P09": (58, 11_177_743), "P11": (42, 952_000), "P29": (14, 712_572), "P43": (3, 352_353),
    "P58": (11, 419_306), "P72a": (1772, 25_743_039),
}  # fmt: skip
ALL_REGIONS_DL_LOGIT = {
    "estimate": 2.0736557, "ci": (0.71333504, 6.0279340), "pi": (0.041195514, 104.27690),
    "tau2": 1.6956945, "i2": 98.808384, "q": 419.59825,
}  # fmt: skip
# The same for the four W2006 studies (P11, P29, P43, P58): estimate, CI, tau², I² (%), Q.
W2006_DL_LOGIT = {"estimate": 2.4120532, "ci": (1.3409573, 4.3386548), "tau2": 0.25789597, "i2": 77.532143}
# The six studies by DerSimonian–Laird on the Freeman–Tukey half-sum scale t = (asin sqrt(x/(n+1)) +
# asin sqrt((x+1)/(n+1)))/2, v = 1/(4n+2), back-transformed by Miller's formula
# p = (1 - sign(cos 2t) sqrt(1 - (sin 2t + (sin 2t - 1/sin 2t)/hn)²))/2 with hn = 6/sum(1/n).
ALL_REGIONS_DL_FREEMAN_TUKEY = {"estimate": 2.4722941, "ci": (0.30491255, 6.5897652), "q": 1154.7149}
# Expected people among 1,000,000: 10 x the per-100,000 values above, rounded: 20.74 -> 21, CI 7.13 -> 7
# and 60.28 -> 60, PI 0.41 -> 0 and 1042.77 -> 1,043.
EXPECTED_PER_MILLION = {"central": 21, "ci": (7, 60), "pi": (0, 1043)}
# Clopper–Pearson 95% interval of P09, 58 of 11,177,743, per 100,000:
#   1e5 * scipy.stats.beta.ppf(0.025, 58, 11177743 - 58 + 1), 1e5 * beta.ppf(0.975, 59, 11177743 - 58).
P09_CLOPPER_PEARSON = (0.39401386, 0.67078294)

# --- progression -------------------------------------------------------------------------------------
# Wilson score intervals, z = 1.959964 (hand, math only): p = k/n, d = 1 + z²/n, centre (p + z²/2n)/d,
# half-width z/d·sqrt(p(1-p)/n + z²/4n²); shown to one decimal of a percent.
# Kitley 2012, 23 of 106 wheelchair dependent: p = 0.216981, centre 0.226880, half-width 0.077718.
PROGRESSION_WILSON_23_OF_106 = (0.14916, 0.30460)  # shown 21.7% (14.9–30.5%)
# Kleiter 2016, complete remission in 19.1% of 871 attacks -> the one count 166 (165/871 = 18.94%,
# 167/871 = 19.17%): p = 0.190586, centre 0.191943, half-width 0.026063.
PROGRESSION_WILSON_166_OF_871 = (0.16588, 0.21801)  # shown 16.6–21.8%
# Kessler 2016, 17 pseudorelapses of 74 hospitalisations: p = 0.229730, centre 0.243071, half-width
# 0.094400; 57 confirmed relapses of 74 mirror it (1 - bounds).
PROGRESSION_WILSON_17_OF_74 = (0.14867, 0.33746)  # shown 14.9–33.7%
PROGRESSION_WILSON_57_OF_74 = (0.66254, 0.85133)  # shown 66.3–85.1%
# Kleiter 2016 first-course outcomes, counts recovered by hand from 19.1%, 64.5%, 16.4% of 871 attacks:
# 0.191·871 = 166.4 -> 166 (19.06%), 0.645·871 = 561.8 -> 562 (64.52%), 0.164·871 = 142.8 -> 143
# (16.42%); each the only whole count within 0.05 points of the printed percent; 166 + 562 + 143 = 871.
PROGRESSION_KLEITER_FIRST_COURSE_COUNTS = [166, 562, 143]

# --- hsct --------------------------------------------------------------------------------------------
# Follow-up of the two allogeneic cases to the default as_of_year (hand, from data/hsct/events.csv:
# p1_allogeneic_hsct_2009 year 2009, p2_allogeneic_hsct_2010 year 2010, both_long_term_report_med
# year 2026): 2026 - 2009 = 17, 2026 - 2010 = 16 whole calendar years, relapse-free for all of them
# (the 2026 report's disease_status is relapse_free).
HSCT_FOLLOW_UP_YEARS_2026 = {"P1": 17, "P2": 16}
# As of 2020 the latest report is the 2014 early report: relapse-free 2014 - 2009 = 5 and
# 2014 - 2010 = 4 years, then 2020 - 2014 = 6 years no report covers.
HSCT_RELAPSE_FREE_YEARS_2020 = {"P1": 5, "P2": 4}
# Wilson score intervals, z = 1.959964 (hand): p = k/n, d = 1 + z²/n, centre (p + z²/2n)/d, half-width
# z/d·sqrt(p(1-p)/n + z²/4n²), clipped to 0-1; statsmodels proportion_confint(k, n, method="wilson")
# agrees to 6 decimals for each. For k = n the lower bound is n/(n + z²); for k = 0 the upper z²/(n + z²).
HSCT_WILSON_2_OF_2 = (0.34238, 1.0)  # the pair relapse-free: 2/(2 + 3.841459)
HSCT_WILSON_0_OF_2 = (0.0, 0.65762)  # the pair with GvHD: 3.841459/(2 + 3.841459)
HSCT_WILSON_1_OF_1 = (0.206549, 1.0)  # a single allogeneic case (Konen 2022 Table 2): 1/(1 + 3.841459)
HSCT_WILSON_4_OF_5 = (0.375535, 0.963776)  # Hägglund EBMT 2013, progression-free
HSCT_WILSON_24_OF_42 = (0.422062, 0.708823)  # Mexican pooled review, relapse-free
HSCT_WILSON_3_OF_16 = (0.065916, 0.430089)  # Greco 2015, progression- and treatment-free
HSCT_WILSON_1_OF_13 = (0.01371, 0.33314)  # Burt 2019, deaths

# --- treatment ---------------------------------------------------------------------------------------
# A hazard ratio's 95% Wald CI is symmetric on the log scale, so the point estimate sits at the geometric
# mean of the printed bounds up to their rounding (hand, sqrt(low × high)): PREVENT sqrt(0.02 × 0.20),
# N-MOmentum sqrt(0.150 × 0.496), SAkuraSky sqrt(0.16 × 0.88), SAkuraStar sqrt(0.23 × 0.89).
TREATMENT_HR_GEOMETRIC_MIDPOINTS = {
    "prevent": 0.06325, "nmomentum": 0.27276, "sakurasky": 0.37523, "sakurastar": 0.45244,
}  # fmt: skip
# Whole-trial sizes (hand, n_treatment + n_comparator in data/treatment/trials.csv): N-MOmentum 174 + 56,
# Nikoo 2017 33 + 35; AQP4+ subgroups of the mixed trials: N-MOmentum 161 + 52 of 230, SAkuraSky 27 + 28
# of 41 + 42, SAkuraStar 41 + 23 of 63 + 32.
TREATMENT_LARGEST_TRIAL = ("N-MOmentum", 230)
TREATMENT_SMALLEST_TRIAL = ("Nikoo 2017", 68)
TREATMENT_AQP4_POSITIVE_SHARES = [("N-MOmentum", 213, 230), ("SAkuraSky", 55, 83), ("SAkuraStar", 64, 95)]
# RIN-1 comparator arm relapse-free at week 72, derived from 7 relapses of 19 (hand): 1 - 7/19 = 0.6316,
# printed as 63% (the data row rin1_rf72_cmp stores 1 - 0.37 = 0.63).
TREATMENT_RIN1_COMPARATOR_RELAPSE_FREE = 0.6316

# --- overview ----------------------------------------------------------------------------------------
# Counted in data/claims.csv with the standard library, without pandas or this package:
#   rows = list(csv.DictReader(open("data/claims.csv"))); Counter(r["document"] for r in rows),
#   Counter(r["verdict"] for r in rows), Counter((r["document"], r["verdict"]) for r in rows) and
#   sum(len([k for k in r["evidence"].split(";") if k.strip()]) for r in rows).
OVERVIEW_CLAIMS = 72
OVERVIEW_CLAIMS_PER_DOCUMENT = {"seed_roche_ch_nmosd": 43, "seed_hsct_news": 29}
OVERVIEW_CLAIMS_PER_VERDICT = {
    "supported": 26,
    "supported with nuance": 16,
    "contradicted": 1,
    "not traceable": 8,
    "general statement": 21,
}
# (roche page, news report) per verdict, the chart's bars.
OVERVIEW_CLAIMS_PER_VERDICT_AND_DOCUMENT = {
    "supported": (18, 8),
    "supported with nuance": (5, 11),
    "contradicted": (1, 0),
    "not traceable": (5, 3),
    "general statement": (14, 7),
}
OVERVIEW_EVIDENCE_KEYS = 196
# Sources by type and status, counted with csv.DictReader over data/sources.csv and every table listed in
# data/datapackage.json: distinct (source_id, status) pairs of rows with a status, per source_type of
# the source; "cited by no row": sources whose id is the source_id of no row of any table.
# Columns: sources, verified, abstract, secondary, computed, inferred, unverified, cited by no row.
OVERVIEW_SOURCES_ALL_TYPES = [236, 100, 12, 70, 9, 1, 26, 49]
OVERVIEW_SOURCES_COHORT = [77, 66, 0, 7, 6, 0, 9, 3]
OVERVIEW_SOURCES_NEWS = [45, 0, 0, 27, 1, 1, 3, 17]
# Distinct source ids of the report's rows, by hand-written csv look-ups: the source_id of the nine
# key-figure rows and of trials:prevent (the row that names the trial of prevent_hr_nemos), of every row
# an evidence key of the selected claims names (a sources: key is its own id), and the two seed ids.
OVERVIEW_REFERENCES_DEFAULT = 81  # verdict="all", document="all"
OVERVIEW_REFERENCES_CONTRADICTED = [  # verdict="contradicted"
    "alexion_unifyrare", "arnett2024", "everyattackmatters_ca_impacts", "greco2015", "hor2020", "kim2018",
    "kleiter2016", "kumpfel2024", "nmosd_com_hcp_impact", "pandit2022", "papp2021", "pittock2019_prevent",
    "quek2012", "sciencenewstoday_nmosd_hsct", "seed_hsct_news", "seed_roche_ch_nmosd", "sepulveda2018",
    "sepulveda2022", "tian2020",
]  # fmt: skip
