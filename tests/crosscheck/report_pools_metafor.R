# The report's default pools (inputs "all": printed counts, populations derived from cases / crude rate,
# printed 95% CIs) recomputed with metafor from the rows select.pooled_rows() chooses (listed here by
# hand from data/epidemiology/estimates.csv; derived n = round(cases / rate * 1e5)).
# Run: Rscript tests/crosscheck/report_pools_metafor.R ; values go to tests/reference_values.py.
suppressMessages(library(metafor))
counts <- function(x, n) { e <- escalc(measure = "PLO", xi = x, ni = n); list(yi = e$yi, vi = e$vi) }
from_ci <- function(p, l, u) list(yi = qlogis(p / 1e5), vi = ((qlogis(u / 1e5) - qlogis(l / 1e5)) / (2 * qnorm(0.975)))^2)
x_all <- c(58, 14, 42, 56, 123, 74, 8, 14, 2650, 1772, 81, 11, 14, 545)  # P09 P42 P11 P16 P17 P23 P27 P29 P64a P72a P38 P58 P53a P54a
n_all <- c(11177743, 341463, 952000, 5137615, 6439791, 8314607, 1111111, 712572, 50000000, 25743039, 11571429, 419306, 703518, 28092784)
ci <- from_ci(c(4.2, 1.04, 0.71, 2.56), c(3.7, 0.85, 0.55, 2.43), c(5.7, 1.26, 0.92, 2.7))  # P08 P26 P61 P75
k <- counts(x_all, n_all)
show <- function(name, yi, vi, m, transf = plogis, ni = NULL) {
  r <- rma(yi, vi, method = m, control = list(threshold = 1e-15, maxiter = 10000, stepadj = 0.5, tol = 1e-15))
  kk <- r$k; half <- qt(0.975, kk - 2) * sqrt(r$tau2 + r$se^2)
  b <- c(r$b, r$ci.lb, r$ci.ub, r$b - half, r$b + half)
  p <- if (is.null(ni)) transf(b) else transf.ipft.hm(b, targs = list(ni = ni))
  cat(name, m, kk, sprintf("%.10g", c(1e5 * p, r$tau2, r$I2, r$QE)), "\n")
}
for (m in c("DL", "REML", "PM")) show("all", c(k$yi, ci$yi), c(k$vi, ci$vi), m)
eu <- counts(c(42, 56, 123, 74, 8, 14), c(952000, 5137615, 6439791, 8314607, 1111111, 712572))
eu_ci <- from_ci(1.04, 0.85, 1.26)
for (m in c("DL", "REML", "PM")) show("europe", c(eu$yi, eu_ci$yi), c(eu$vi, eu_ci$vi), m)
ft <- escalc(measure = "PFT", xi = x_all, ni = n_all)
show("derived-ft", ft$yi, ft$vi, "DL", ni = n_all)
# Pooled incidence per 100,000 person-years, all regions (select.incidence_rows): log rate, variance
# 1/cases where cases are printed (P15, P18, P22, P28), else from the printed 95% CI.
rate <- c(0.2, 0.053, 0.347, 0.04, 0.07, 0.132, 0.063, 0.079, 0.08, 0.187, 0.037, 0.39)  # P07 P10 P47b P12 P15 P18 P22 P25 P28 P62 P37 P55
cases <- c(NA, NA, NA, NA, 56, 101, 74, NA, 7, NA, NA, NA)
lo <- c(0.05, 0.04, 0.34, 0.03, NA, NA, NA, 0.055, NA, 0.111, 0.035, 0.35)
hi <- c(0.35, 0.068, 0.353, 0.054, NA, NA, NA, 0.103, NA, 0.316, 0.039, 0.47)
vi <- ifelse(is.na(cases), ((log(hi) - log(lo)) / (2 * qnorm(0.975)))^2, 1 / cases)
r <- rma(log(rate), vi, method = "DL")
cat("incidence DL", r$k, sprintf("%.10g", c(exp(c(r$b, r$ci.lb, r$ci.ub)), r$tau2, r$QE)), "\n")
