# Reference values for Knapp–Hartung, subgroup differences, cumulative pooling, mixed (counts + CI)
# inputs and log rates; printed numbers are pasted into tests/reference_values.py. Run: Rscript <this file>
suppressMessages(library(metafor))
dat <- escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)
for (m in c("DL","REML")) {
 r <- rma(yi, vi, data=dat, method=m, test="knha")
 p <- predict(r)
 cat(m, sprintf("%.10f", c(r$b, r$se, r$ci.lb, r$ci.ub, p$pi.lb, p$pi.ub, r$tau2)), "\n")
}
# subgroup test: separate fits by alloc, then fixed-effect Q between
dat$g <- dat$alloc
res <- lapply(split(dat, dat$g), function(d) rma(yi, vi, data=d, method="DL"))
b <- sapply(res, function(r) r$b); se <- sapply(res, function(r) r$se)
q <- rma(b, sei=se, method="FE")
cat("QM", sprintf("%.10f", c(q$QE, q$QEp)), names(res), sprintf("%.10f", b), "\n")
# cumulative
r <- rma(yi, vi, data=dat, method="DL")
cu <- cumul(r, order=dat$year)
cat("cumul", sprintf("%.10f", cu$estimate), "\n")
cat("years", dat$year[order(dat$year)], "\n")
x <- c(58, 42, 14); n <- c(11177743, 952000, 712572)
e <- escalc(measure="PLO", xi=x, ni=n)
p <- c(1.04, 4.2)/1e5; l <- c(0.85, 3.7)/1e5; u <- c(1.26, 5.7)/1e5
yi <- c(e$yi, qlogis(p)); vi <- c(e$vi, ((qlogis(u)-qlogis(l))/(2*qnorm(.975)))^2)
for (m in c("DL","REML")) { r <- rma(yi, vi, method=m); pr <- predict(r, transf=transf.ilogit)
 cat("mixed", m, sprintf("%.10g", c(pr$pred*1e5, pr$ci.lb*1e5, pr$ci.ub*1e5, r$tau2, r$I2)), "\n") }
# rates: log rate, vi = 1/cases; plus one CI-only
rate <- c(0.73, 0.39, 0.08, 0.12); cases <- c(NA, 20, 30, 15); lo <- c(0.5, NA, NA, NA); hi <- c(1.1, NA, NA, NA)
yi <- log(rate); vi <- ifelse(is.na(cases), ((log(hi)-log(lo))/(2*qnorm(.975)))^2, 1/cases)
r <- rma(yi, vi, method="DL"); pr <- predict(r, transf=exp)
cat("rates DL", sprintf("%.10g", c(pr$pred, pr$ci.lb, pr$ci.ub, r$tau2, r$QE)), "\n")
