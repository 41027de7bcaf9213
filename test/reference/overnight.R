#!/usr/bin/env Rscript
# Independent reference for the overnight / intraday split of daily returns (issue 5), written
# from docs/conventions.md and the definitions below, not from the TypeScript/SQL code.
#
#   overnight_t = open_t / close_{t-1} - 1      intraday_t = close_t / open_t - 1
#   (log: ln of the same ratios), from the adjusted daily OHLC files, with close_{t-1} the
#   security's previous CSV row.
#
# Event time as the engine: the security's close-to-close returns inner-joined with the
# benchmark's on date; day 0 = first joined date >= the event date; estimation [-250, -11].
# Each part gets its own market model, lm(part ~ benchmark's same part), fitted on the
# estimation-window dates where both parts exist. The day-0 abnormal part is tested with the
# prediction-error corrected t, s * sqrt(1 + x0' (X'X)^-1 x0) from the MODEL MATRIX (the closed
# form 1 + 1/M + (x0 - mean)^2 / SSx is only evaluated as a self-check), p = 2 pt(-|t|, M - 2).
# The close-to-close AR (market model on close-to-close returns, same benchmark) is fitted here
# too, with lm(), to sit next to the parts.
# Securities whose file has no open are "close_only"; a missing file is "excluded".
# Portfolio: mean of each day-0 AR over the securities with both parts, cross-sectional t
# (mean / (sd / sqrt(N)), p from t(N - 1)), and share = mean overnight AR / mean close-to-close AR.
#
# Usage (from the project root):
#   Rscript test/reference/overnight.R ../shared/market-data test/reference/golden/overnight.json

options(warn = 1)

args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/market-data"
out_path <- if (length(args) >= 2) args[2] else NA_character_

EST <- c(-250L, -11L)
WIN <- c(-5L, 5L)
MIN_OBS <- 100L

headline <- c("AVGO", "PANW", "FTNT", "CHKP", "CRWD", "S", "RPD", "CYBR", "GOOGL", "MA", "CSCO")
CASES <- list(
  list(name = "china-cyber-2026-qqq", benchmark = "QQQ", returns = "simple", day0 = "2026-01-14", symbols = headline),
  list(name = "china-cyber-2026-qqq-log", benchmark = "QQQ", returns = "log", day0 = "2026-01-14", symbols = headline),
  list(name = "china-cyber-2026-spy", benchmark = "SPY", returns = "simple", day0 = "2026-01-14", symbols = headline),
  list(name = "micron-cac-2023-spy", benchmark = "SPY", returns = "simple", day0 = "2023-05-22", symbols = c("MU"))
)

read_prices <- function(sym) {
  f <- file.path(data_dir, "daily", paste0(sym, ".csv"))
  if (!file.exists(f)) return(NULL)
  d <- read.csv(f, colClasses = c(date = "character"), stringsAsFactors = FALSE)
  d <- d[!is.na(d$close), c("date", "open", "close")]
  d[order(d$date), ]
}

# Per date (from the second row): close-to-close, overnight and intraday returns.
parts_of <- function(p, type) {
  n <- nrow(p)
  f <- if (type == "log") log else function(x) x - 1
  data.frame(date = p$date[-1],
             r = f(p$close[-1] / p$close[-n]),
             on = f(p$open[-1] / p$close[-n]),
             id = f(p$close[-1] / p$open[-1]),
             stringsAsFactors = FALSE)
}

na_test <- function(reason) list(statistic = NA, p = NA, reason = reason)
cs_t <- function(x) {
  N <- length(x)
  if (N < 2) return(na_test("needs N >= 2"))
  st <- mean(x) / (sd(x) / sqrt(N))
  list(statistic = st, p = 2 * pt(-abs(st), N - 1))
}

# lm() of y on x over the estimation rows with both present; AR, t, p on the event-window rows.
fit_part <- function(E, W, y, x) {
  keep <- !is.na(E[[y]]) & !is.na(E[[x]])
  D <- data.frame(y = E[[y]][keep], x = E[[x]][keep])
  M <- nrow(D)
  if (M < MIN_OBS) return(list(ok = FALSE, reason = sprintf("only %d estimation-window %s returns", M, y)))
  fit <- lm(y ~ x, data = D)
  sm <- summary(fit)
  s <- sm$sigma
  df <- fit$df.residual
  XtXi <- solve(crossprod(model.matrix(fit)))
  Xw <- cbind(1, W[[x]])
  ar <- W[[y]] - drop(Xw %*% coef(fit))
  C <- 1 + rowSums((Xw %*% XtXi) * Xw)
  C_closed <- 1 + 1 / M + (W[[x]] - mean(D$x))^2 / sum((D$x - mean(D$x))^2)
  ok_C <- !is.na(C)
  if (any(ok_C) && max(abs(C[ok_C] / C_closed[ok_C] - 1)) > 1e-10) stop("closed-form C disagrees with the model matrix")
  tt <- ar / (s * sqrt(C))
  list(ok = TRUE, n = M, df = df, alpha = unname(coef(fit)[1]), beta = unname(coef(fit)[2]),
       r2 = sm$r.squared, sigma = s, ar = ar, t = tt, p = 2 * pt(-abs(tt), df))
}

fit_security <- function(sym, bench, day0, type) {
  base <- list(symbol = sym)
  ps <- read_prices(sym)
  if (is.null(ps)) return(c(base, list(status = "excluded", reason = "no stored prices")))
  a <- merge(parts_of(ps, type), parts_of(read_prices(bench), type), by = "date", suffixes = c("", "_m"))
  a <- a[order(a$date), ]
  p0 <- which(a$date >= day0)[1]
  a$t <- seq_len(nrow(a)) - p0
  base$day0 <- a$date[p0]
  E <- a[a$t >= EST[1] & a$t <= EST[2], ]
  W <- a[a$t >= WIN[1] & a$t <= WIN[2], ]
  cc <- fit_part(E, W, "r", "r_m")
  z <- which(W$t == 0)
  ccd <- list(return = W$r[z], benchmark_return = W$r_m[z], ar = cc$ar[z], t = cc$t[z], p = cc$p[z], beta = cc$beta, n = cc$n)
  if (all(is.na(ps$open))) {
    return(c(base, list(status = "close_only", reason = "no open in the daily file", close_to_close = ccd)))
  }
  on <- fit_part(E, W, "on", "on_m")
  id <- fit_part(E, W, "id", "id_m")
  if (!on$ok || !id$ok) return(c(base, list(status = "excluded", reason = paste(on$reason, id$reason))))
  part <- function(f, y, x) list(return = W[[y]], benchmark_return = W[[x]], ar = f$ar, t = f$t, p = f$p)
  c(base, list(status = "ok", close_to_close = ccd, on = on, id = id, t = W$t, dates = W$date,
               on_days = part(on, "on", "on_m"), id_days = part(id, "id", "id_m"), z = z))
}

run_case <- function(cs) {
  secs <- lapply(cs$symbols, fit_security, bench = cs$benchmark, day0 = cs$day0, type = cs$returns)
  ok <- Filter(function(s) s$status == "ok", secs)
  on <- sapply(ok, function(s) s$on$ar[s$z])
  id <- sapply(ok, function(s) s$id$ar[s$z])
  cc <- sapply(ok, function(s) s$close_to_close$ar)
  list(cs = cs, securities = secs,
       portfolio = list(n = length(ok), on = list(mean = mean(on), test = cs_t(on)),
                        id = list(mean = mean(id), test = cs_t(id)), cc = list(mean = mean(cc), test = cs_t(cc)),
                        share = mean(on) / mean(cc)))
}

# ---------------------------------------------------------------------------------------------
# JSON (hand-written, full precision)

jnum <- function(x) {
  if (is.null(x) || length(x) == 0 || is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(sprintf("%d", x))
  sprintf("%.17g", x)
}
jstr <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
jobj <- function(keys, vals) paste0("{", paste0(jstr(keys), ": ", vals, collapse = ", "), "}")
jarr <- function(items, sep = ", ") paste0("[", paste(items, collapse = sep), "]")
jtest <- function(r) if (is.na(r$statistic)) jobj(c("statistic", "p", "reason"), c("null", "null", jstr(r$reason))) else jobj(c("statistic", "p"), c(jnum(r$statistic), jnum(r$p)))
jmodel <- function(f) jobj(c("n", "df", "alpha", "beta", "r2", "sigma"), c(sprintf("%d", f$n), sprintf("%d", as.integer(f$df)), jnum(f$alpha), jnum(f$beta), jnum(f$r2), jnum(f$sigma)))
jcc <- function(c) jobj(c("return", "benchmark_return", "ar", "ar_t", "ar_p", "beta", "n"), c(jnum(c$return), jnum(c$benchmark_return), jnum(c$ar), jnum(c$t), jnum(c$p), jnum(c$beta), sprintf("%d", c$n)))
jday <- function(d, i) jobj(c("return", "benchmark_return", "ar", "t", "p"), c(jnum(d$return[i]), jnum(d$benchmark_return[i]), jnum(d$ar[i]), jnum(d$t[i]), jnum(d$p[i])))

jsecurity <- function(s) {
  head <- c(jstr("symbol"), jstr(s$symbol), jstr("status"), jstr(s$status))
  if (s$status == "excluded") return(paste0("        ", jobj(c("symbol", "status", "reason"), c(jstr(s$symbol), jstr(s$status), jstr(s$reason)))))
  if (s$status == "close_only") {
    return(paste0("        ", jobj(c("symbol", "day0", "status", "close_to_close"), c(jstr(s$symbol), jstr(s$day0), jstr(s$status), jcc(s$close_to_close)))))
  }
  days <- sapply(seq_along(s$t), function(i)
    paste0("            ", jobj(c("t", "date", "overnight", "intraday"), c(sprintf("%d", as.integer(s$t[i])), jstr(s$dates[i]), jday(s$on_days, i), jday(s$id_days, i)))))
  paste0("        {\"symbol\": ", jstr(s$symbol), ", \"day0\": ", jstr(s$day0), ", \"status\": \"ok\",\n",
         "          \"close_to_close\": ", jcc(s$close_to_close), ",\n",
         "          \"overnight_model\": ", jmodel(s$on), ",\n",
         "          \"intraday_model\": ", jmodel(s$id), ",\n",
         "          \"days\": [\n", paste(days, collapse = ",\n"), "\n          ]}")
}

jcase <- function(r) {
  p <- r$portfolio
  jp <- function(x) jobj(c("mean_ar", "cross_sectional_t"), c(jnum(x$mean), jtest(x$test)))
  paste0("    {\"name\": ", jstr(r$cs$name), ", \"benchmark\": ", jstr(r$cs$benchmark), ", \"returns\": ", jstr(r$cs$returns),
         ", \"day0\": ", jstr(r$cs$day0), ", \"estimation\": [", EST[1], ", ", EST[2], "], \"window\": [", WIN[1], ", ", WIN[2], "],\n",
         "      \"securities\": [\n", paste(sapply(r$securities, jsecurity), collapse = ",\n"), "\n      ],\n",
         "      \"portfolio\": {\"n\": ", p$n, ", \"overnight\": ", jp(p$on), ", \"intraday\": ", jp(p$id),
         ", \"close_to_close\": ", jp(p$cc), ", \"share_overnight\": ", jnum(p$share), "}\n    }")
}

results <- lapply(CASES, run_case)
json <- paste0("{\n  \"generated_by\": ", jstr(paste(R.version.string, "overnight.R")), ",\n",
               "  \"command\": ", jstr("Rscript test/reference/overnight.R ../shared/market-data test/reference/golden/overnight.json"), ",\n",
               "  \"cases\": [\n", paste(sapply(results, jcase), collapse = ",\n"), "\n  ]\n}\n")
if (is.na(out_path)) cat(json) else writeLines(json, out_path, sep = "")
