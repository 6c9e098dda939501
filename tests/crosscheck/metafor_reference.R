# Reference values for core.meta (tests/test_meta_metafor.py), computed with R's metafor.
# Run: Rscript tests/crosscheck/metafor_reference.R  (or `make crosscheck`). It prints the Python literals
# of the "core: meta-analysis" section of tests/reference_values.py. Checked with R 4.2 and metafor 3.8-1.
#
# Every fit, for each set, measure ("PLO" logit, "PFT" Freeman-Tukey) and method ("DL", "REML", "PM"):
#   dat <- escalc(measure, xi = x, ni = n)      # defaults: add = 1/2, to = "only0" ("PFT": no correction)
#   res <- rma(yi, vi, data = dat, method = method, control = tight)
#   pr  <- predict(res, transf = back, targs = list(ni = n))   # back: transf.ilogit or transf.ipft.hm
#   ci  <- confint(res, control = list(tol = 1e-15, tau2.max = 1e4))$random   # Q-profile
#   t PI: back(res$b -+ qt(0.975, k - 2) * sqrt(res$tau2 + res$se^2))        # k >= 3, else NaN
# REML is checked against the restricted log-likelihood on a grid of tau2; a fit that stopped at a lower
# peak would be refitted from the grid's best point (it prints a message then; with these sets none did).
suppressPackageStartupMessages(library(metafor))

sets <- list(
  # the six prevalence studies with printed counts (P09, P43, P11, P29, P72a, P58), from
  # reports.epidemiology.select.pooled_rows(load("estimates"), "All", "any", "all", inputs="counts");
  # the report's default pools (more inputs) are in report_pools_metafor.R
  six = list(x = c(58, 3, 42, 14, 1772, 11), n = c(11177743, 352353, 952000, 712572, 25743039, 419306)),
  # Europe with printed counts only (P11, P29), pooled_rows(..., "Europe", ..., inputs="counts")
  europe = list(x = c(42, 14), n = c(952000, 712572)),
  # W2006 with printed counts only (P43, P11, P29, P58), pooled_rows(..., "W2006", ..., inputs="counts")
  w2006 = list(x = c(3, 42, 14, 11), n = c(352353, 952000, 712572, 419306)),
  # homogeneous: similar proportions (Q < k - 1 on both scales)
  homogeneous = list(x = c(20, 24, 18, 22, 21), n = c(200, 210, 190, 205, 199)),
  # the DerSimonian-Laird defect: Q < k - 1 with a zero-case study
  q_below_df = list(x = c(0, 1, 2), n = c(50, 60, 70)),
  # proportions 0 and 1 (metafor's PFT test data)
  zero_and_one = list(x = c(0, 4, 9, 16, 20), n = c(10, 10, 15, 20, 20)),
  # a zero-case study, and a restricted likelihood with two peaks on the logit scale
  reml_two_peaks = list(x = c(210, 0, 148), n = c(5000, 500, 5000)),
  # a zero-case study where undamped Fisher scoring oscillates (logit)
  reml_oscillating = list(x = c(0, 15, 87), n = c(500, 500, 5000))
)

tight <- list(threshold = 1e-15, maxiter = 10000, stepadj = 0.5, tol = 1e-15)
fmt <- function(v) gsub("^NaN$", "NAN", sprintf("%.9g", v))
# Python tuple body, six numbers a line, each line indented by `indent` spaces
rows <- function(v, indent = 8) {
  s <- fmt(v)
  lines <- split(s, ceiling(seq_along(s) / 6))
  paste0(strrep(" ", indent), sapply(lines, paste, collapse = ", "), ",", collapse = "\n")
}

# restricted log-likelihood of tau2 up to a constant (as core.heterogeneity.restricted_log_likelihood)
llr <- function(t, yi, vi) {
  w <- 1 / (vi + t)
  mu <- sum(w * yi) / sum(w)
  -0.5 * (sum(log(vi + t)) + log(sum(w)) + sum(w * (yi - mu)^2))
}

reml_global <- function(yi, vi) {
  res <- rma(yi, vi, method = "REML", control = tight)
  grid <- c(0, exp(seq(log(1e-12), log(100), length.out = 20000)))
  ll <- sapply(grid, llr, yi = yi, vi = vi)
  if (max(ll) > llr(res$tau2, yi, vi) + 1e-9) {
    best <- grid[which.max(ll)]
    res <- if (best == 0) rma(yi, vi, tau2 = 0, method = "REML") else
      rma(yi, vi, method = "REML", control = c(tight, list(tau2.init = best)))
    message("# REML refitted from the grid maximum for this set")
  }
  res
}

cat("METAFOR_SETS = {  # name: (cases, n)\n")
for (name in names(sets)) {
  cat(sprintf("    \"%s\": ((%s), (%s)),\n", name, paste(sets[[name]]$x, collapse = ", "),
              paste(sprintf("%.0f", sets[[name]]$n), collapse = ", ")))
}
cat("}  # fmt: skip\n")
cat("METAFOR_FIELDS = (\n",
    "    \"mu\", \"se\", \"estimate\", \"ci_lower\", \"ci_upper\", \"pi_z_lower\", \"pi_z_upper\", \"pi_t_lower\",\n",
    "    \"pi_t_upper\", \"tau2\", \"tau2_ci_lower\", \"tau2_ci_upper\", \"i2\", \"i2_ci_lower\", \"i2_ci_upper\",\n",
    "    \"h2\", \"q\", \"q_pvalue\",\n)  # fmt: skip\n", sep = "")
cat("METAFOR = {  # (set, method, transform): values of METAFOR_FIELDS; method \"all\": DL, REML and PM agree\n")
for (name in names(sets)) {
  s <- sets[[name]]
  for (measure in c("PLO", "PFT")) {
    dat <- escalc(measure, xi = s$x, ni = s$n)
    back <- if (measure == "PLO") transf.ilogit else transf.ipft.hm
    transform <- if (measure == "PLO") "logit" else "freeman-tukey"
    fits <- list()
    for (method in c("DL", "REML", "PM")) {
      res <- if (method == "REML") reml_global(dat$yi, dat$vi) else
        rma(dat$yi, dat$vi, method = method, control = tight)
      k <- res$k
      pr <- predict(res, transf = back, targs = list(ni = s$n))
      ci <- confint(res, control = list(tol = 1e-15, tau2.max = 1e4))$random
      pit <- c(NaN, NaN)
      if (k >= 3) {
        pit <- back(as.numeric(res$b) + c(-1, 1) * qt(0.975, k - 2) * sqrt(res$tau2 + res$se^2),
                    targs = list(ni = s$n))
      }
      fits[[method]] <- c(res$b, res$se, pr$pred, pr$ci.lb, pr$ci.ub, pr$pi.lb, pr$pi.ub, pit,
                          res$tau2, ci["tau^2", "ci.lb"], ci["tau^2", "ci.ub"], res$I2, ci["I^2(%)", "ci.lb"],
                          ci["I^2(%)", "ci.ub"], res$H2, res$QE, res$QEp)
    }
    same <- all(sapply(fits, function(f) identical(fmt(f), fmt(fits$DL))))
    for (method in if (same) "all" else names(fits)) {
      values <- fits[[if (same) "DL" else method]]
      cat(sprintf("    (\"%s\", \"%s\", \"%s\"): (\n%s\n    ),\n", name, method, transform, rows(values)))
    }
  }
}
cat("}  # fmt: skip\n")

six <- escalc("PLO", xi = sets$six$x, ni = sets$six$n)
cat("# weights(rma(yi, vi, data = six, method = \"DL\")), percent\n")
cat("METAFOR_SIX_DL_LOGIT_WEIGHTS = (\n", rows(weights(rma(yi, vi, data = six, method = "DL")), 4),
    "\n)  # fmt: skip\n", sep = "")
cat("# leave1out(rma(yi, vi, data = six, method, control = tight), transf = transf.ilogit): estimate,\n")
cat("# ci.lb, ci.ub and tau2 without each study, in the order of METAFOR_SETS[\"six\"]\n")
cat("METAFOR_SIX_LEAVE1OUT_LOGIT = {\n")
for (method in c("DL", "REML", "PM")) {
  l1 <- leave1out(rma(yi, vi, data = six, method = method, control = tight), transf = transf.ilogit)
  cat(sprintf("    \"%s\": (\n", method))
  for (i in seq_along(l1$estimate)) {
    cat(sprintf("        (%s),\n", paste(fmt(c(l1$estimate[i], l1$ci.lb[i], l1$ci.ub[i], l1$tau2[i])),
                                       collapse = ", ")))
  }
  cat("    ),\n")
}
cat("}  # fmt: skip\n")

egger <- function(label, eg) {
  cat(sprintf("%s = {\n    \"t\": %s, \"df\": %d, \"p\": %s, \"limit\": %s, \"slope\": %s,\n}  # fmt: skip\n", label, fmt(eg$zval),
              eg$dfs, fmt(eg$pval), fmt(eg$est), fmt(coef(eg$fit)[2])))
}
bcg <- escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
cat("# regtest(rma(yi, vi, data = escalc(\"RR\", ..., data = dat.bcg)), model = \"lm\"): t, df, p, limit\n")
cat("# estimate (as sei -> 0) and the coefficient of sei\n")
egger("METAFOR_BCG_EGGER", regtest(rma(yi, vi, data = bcg), model = "lm"))
cat("# regtest(rma(yi, vi, data = six), model = \"lm\")\n")
egger("METAFOR_SIX_EGGER_LOGIT", regtest(rma(yi, vi, data = six), model = "lm"))
