#!/usr/bin/env Rscript
# Independent reference for the headline event studied across markets (issue 11): each listing on
# its own exchange's clock and trading days, against a benchmark of its own market; group
# portfolio tests per role; tests of the difference between two groups; abnormal log volume.
#
# Base R only. Fits with lm(); prediction-error variances from the model matrix (closed forms only
# as a self-check, as in event_study.R). The test statistics and the JSON writers are the ones of
# event_study.R, loaded from that file (only its function definitions are evaluated, its cases
# are not run), so one-sample tests are computed exactly as the existing golden data.
#
# Usage (from the project root):
#   Rscript test/reference/intl_study.R ../shared/market-data ../shared/market-data-intl test/reference/golden/intl-study.json
# With no third argument the JSON goes to stdout.

options(warn = 1)

args <- commandArgs(trailingOnly = TRUE)
data_dirs <- c(if (length(args) >= 1) args[1] else "../shared/market-data",
               if (length(args) >= 2) args[2] else "../shared/market-data-intl")
out_path <- if (length(args) >= 3) args[3] else NA_character_

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE))
  if (length(f) == 1) dirname(f) else "test/reference"
})

# ---------------------------------------------------------------------------------------------
# Functions shared with event_study.R: evaluated from its source, nothing else of it is run.

SHARED_FUNS <- c("na_test", "ok_test", "cs_t", "patell", "bmp", "kp_factor_ok", "kp_bmp", "kp_patell",
                 "gen_sign", "wilcoxon", "jnum", "jint", "jstr", "jobj", "jarr", "jwin", "jtest", "jtests")
local({
  exprs <- parse(file.path(script_dir, "event_study.R"), keep.source = FALSE)
  for (e in exprs) {
    if (is.call(e) && identical(e[[1]], as.name("<-")) && is.name(e[[2]]) &&
        as.character(e[[2]]) %in% SHARED_FUNS) eval(e, globalenv())
  }
})
missing_funs <- SHARED_FUNS[!vapply(SHARED_FUNS, exists, logical(1))]
if (length(missing_funs)) stop("not found in event_study.R: ", paste(missing_funs, collapse = ", "))

EST <- c(-250L, -11L)
WIN <- c(-5L, 5L)
CAR_WINDOWS <- list(c(0L, 0L), c(0L, 1L), c(-1L, 1L), c(-5L, 5L))
MIN_OBS <- 100L
MIN_PAIR_DATES <- 30L

# ---------------------------------------------------------------------------------------------
# The event and its listings

ANNOUNCED_UTC <- "2026-01-14 11:10:00"   # 06:10 New York (catalog: 2026-01-14T06:10:00-05:00)

EXCHANGES <- list(
  XNAS = list(tz = "America/New_York", close = "16:00", currency = "USD"),
  XNYS = list(tz = "America/New_York", close = "16:00", currency = "USD"),
  XSHG = list(tz = "Asia/Shanghai", close = "15:00", currency = "CNY"),
  XSHE = list(tz = "Asia/Shanghai", close = "15:00", currency = "CNY"),
  XPAR = list(tz = "Europe/Paris", close = "17:30", currency = "EUR")
)

L <- function(symbol, name, role, exchange, benchmark) {
  list(symbol = symbol, name = name, role = role, exchange = exchange, benchmark = benchmark)
}
LISTINGS <- list(
  L("PANW", "Palo Alto Networks", "named_firm", "XNAS", "CIBR"),
  L("FTNT", "Fortinet", "named_firm", "XNAS", "CIBR"),
  L("CHKP", "Check Point Software", "named_firm", "XNAS", "CIBR"),
  L("CRWD", "CrowdStrike", "named_firm", "XNAS", "CIBR"),
  L("S", "SentinelOne", "named_firm", "XNYS", "CIBR"),
  L("RPD", "Rapid7", "named_firm", "XNAS", "CIBR"),
  L("CYBR", "CyberArk", "named_firm", "XNAS", "CIBR"),
  L("AVGO", "Broadcom", "parent_company", "XNAS", "CIBR"),
  L("GOOGL", "Alphabet", "parent_company", "XNAS", "CIBR"),
  L("MA", "Mastercard", "parent_company", "XNYS", "CIBR"),
  L("HO.PA", "Thales", "parent_company", "XPAR", "^FCHI"),
  L("601360.SS", "360 Security Technology", "domestic_beneficiary", "XSHG", "000300.SS"),
  L("600718.SS", "Neusoft", "domestic_beneficiary", "XSHG", "000300.SS"),
  L("688561.SS", "Qi An Xin", "domestic_beneficiary", "XSHG", "000300.SS"),
  L("688023.SS", "DBAPPSecurity", "domestic_beneficiary", "XSHG", "000300.SS"),
  L("002439.SZ", "Venustech", "domestic_beneficiary", "XSHE", "000300.SS"),
  L("300454.SZ", "Sangfor", "domestic_beneficiary", "XSHE", "000300.SS"),
  L("002212.SZ", "Topsec", "domestic_beneficiary", "XSHE", "000300.SS"),
  L("ZS", "Zscaler", "peer", "XNAS", "CIBR"),
  L("OKTA", "Okta", "peer", "XNAS", "CIBR"),
  L("NET", "Cloudflare", "peer", "XNYS", "CIBR"),
  L("TENB", "Tenable", "peer", "XNAS", "CIBR"),
  L("QLYS", "Qualys", "peer", "XNAS", "CIBR")
)
# Day 0 the issue states; the script derives day 0 itself and stops if it disagrees.
EXPECTED_DAY0 <- c(XNAS = "2026-01-14", XNYS = "2026-01-14", XPAR = "2026-01-14",
                   XSHG = "2026-01-15", XSHE = "2026-01-15")

GROUPS <- list(
  list(name = "us_named_and_parents", description = "US named firms and parents vs CIBR (the current headline study)",
       members = c("AVGO", "PANW", "FTNT", "CHKP", "GOOGL", "CRWD", "S", "RPD", "MA")),
  list(name = "named_firm", description = "named firms (US listings, vs CIBR)",
       members = c("PANW", "FTNT", "CHKP", "CRWD", "S", "RPD", "CYBR")),
  list(name = "parent_company", description = "listed parents of named firms (US vs CIBR; Thales vs CAC 40)",
       members = c("AVGO", "GOOGL", "MA", "HO.PA")),
  list(name = "domestic_beneficiary", description = "Chinese domestic suppliers vs CSI 300",
       members = c("601360.SS", "600718.SS", "688561.SS", "688023.SS", "002439.SZ", "300454.SZ", "002212.SZ")),
  list(name = "us_peer_control", description = "unnamed US cybersecurity peers vs CIBR (control group)",
       members = c("ZS", "OKTA", "NET", "TENB", "QLYS"))
)
DIFFERENCES <- list(
  c("named_firm", "us_peer_control"),
  c("us_named_and_parents", "us_peer_control"),
  c("domestic_beneficiary", "named_firm"),
  c("domestic_beneficiary", "us_peer_control")
)

# ---------------------------------------------------------------------------------------------
# Data: the first directory holding daily/<SYMBOL>.csv; volume when the file has that column.

price_cache <- new.env()
price_file <- function(sym) {
  f <- file.path(data_dirs, "daily", paste0(sym, ".csv"))
  f[file.exists(f)][1]
}
read_prices <- function(sym) {
  if (!is.null(price_cache[[sym]])) return(price_cache[[sym]])
  f <- price_file(sym)
  if (is.na(f)) return(NULL)
  d <- read.csv(f, colClasses = c(date = "character"), stringsAsFactors = FALSE)
  if (!"volume" %in% names(d)) d$volume <- NA_real_
  d <- d[!is.na(d$close), c("date", "close", "volume")]
  d <- d[order(d$date), ]
  price_cache[[sym]] <- d
  d
}

# Simple returns from the listing's own consecutive rows, with the date of the previous row.
returns_of <- function(sym) {
  p <- read_prices(sym)
  n <- nrow(p)
  data.frame(date = p$date[-1], prev = p$date[-n], r = p$close[-1] / p$close[-n] - 1,
             volume = p$volume[-1], stringsAsFactors = FALSE)
}

# Security and benchmark returns on common dates over the same interval (docs/conventions.md
# "Alignment"): a return after a day one of them did not trade spans two days and is left out.
align <- function(sym, bench) {
  rs <- returns_of(sym)
  rb <- returns_of(bench)[, c("date", "prev", "r")]
  names(rb) <- c("date", "prev_m", "rm")
  a <- merge(rs, rb, by = "date")
  a <- a[order(a$date), ]
  same <- a$prev == a$prev_m
  list(a = a[same, c("date", "r", "rm", "volume")], dropped = sum(!same))
}

# Day 0 on the exchange's clock: the local date if the announcement came before that date's
# close and the date is an aligned trading date, else the next aligned date.
day0_of <- function(exch, dates) {
  ex <- EXCHANGES[[exch]]
  t_utc <- as.POSIXct(ANNOUNCED_UTC, tz = "UTC")
  local_date <- format(t_utc, "%Y-%m-%d", tz = ex$tz)
  local_time <- format(t_utc, "%H:%M", tz = ex$tz)
  if (local_date %in% dates && local_time < ex$close) {
    list(date = local_date, local = paste(local_date, local_time), rule = "before the close: same day")
  } else {
    list(date = dates[dates > local_date][1], local = paste(local_date, local_time),
         rule = if (local_date %in% dates) "after the close: next trading day" else "non-trading day: next trading day")
  }
}

# ---------------------------------------------------------------------------------------------
# Per listing

chk_log <- list()

fit_listing <- function(li) {
  base <- list(symbol = li$symbol, name = li$name, role = li$role, exchange = li$exchange,
               time_zone = EXCHANGES[[li$exchange]]$tz, currency = EXCHANGES[[li$exchange]]$currency,
               benchmark = li$benchmark)
  for (s in c(li$symbol, li$benchmark)) {
    if (is.null(read_prices(s))) {
      return(c(base, list(status = "excluded", reason = sprintf("no daily/%s.csv in %s", s, paste(data_dirs, collapse = " or ")))))
    }
  }
  al <- align(li$symbol, li$benchmark)
  a <- al$a
  d0 <- day0_of(li$exchange, a$date)
  if (!identical(d0$date, unname(EXPECTED_DAY0[li$exchange]))) stop(sprintf("day 0 of %s is %s", li$symbol, d0$date))
  p0 <- match(d0$date, a$date)
  a$t <- seq_len(nrow(a)) - p0
  E <- a[a$t >= EST[1] & a$t <= EST[2], ]
  W <- a[a$t >= WIN[1] & a$t <= WIN[2], ]
  M <- nrow(E)
  base <- c(base, list(day0 = d0$date, local_time = d0$local, day0_rule = d0$rule,
                       dropped_gap_returns = al$dropped,
                       first_return = a$date[1], estimation_first = E$date[1], estimation_last = E$date[M]))
  if (M < MIN_OBS) {
    return(c(base, list(status = "excluded", reason = sprintf("%d aligned returns in the estimation window, fewer than min_obs %d", M, MIN_OBS))))
  }

  fit <- lm(r ~ rm, data = E)
  sm <- summary(fit)
  s <- sm$sigma
  df <- fit$df.residual
  X <- model.matrix(fit)
  XtXi <- solve(crossprod(X))
  Xw <- cbind(1, W$rm)
  ar_W <- W$r - drop(Xw %*% coef(fit))
  resid_E <- unname(residuals(fit))
  C_t <- 1 + rowSums((Xw %*% XtXi) * Xw)
  mRm <- mean(E$rm); SSm <- sum((E$rm - mRm)^2)
  chk <- max(abs(C_t / (1 + 1 / M + (W$rm - mRm)^2 / SSm) - 1))
  if (chk > 1e-10) stop(sprintf("C_t closed form disagrees for %s: %g", li$symbol, chk))

  sar <- ar_W / (s * sqrt(C_t))
  days <- data.frame(t = W$t, date = W$date, r = W$r, rm = W$rm, ar = ar_W, ar_t = sar,
                     ar_p = 2 * pt(-abs(sar), df), car = cumsum(ar_W), stringsAsFactors = FALSE)
  cars <- lapply(CAR_WINDOWS, function(w) {
    idx <- which(W$t >= w[1] & W$t <= w[2])
    Lw <- w[2] - w[1] + 1L
    if (length(idx) != Lw) return(list(window = w, car = NA, se = NA, t = NA, p = NA))
    g <- colSums(Xw[idx, , drop = FALSE])
    v <- Lw + drop(t(g) %*% XtXi %*% g)
    v_closed <- Lw + Lw^2 / M + (sum(W$rm[idx] - mRm))^2 / SSm
    rel <- abs(v / v_closed - 1)
    chk_log[[length(chk_log) + 1]] <<- rel
    if (rel > 1e-10) stop(sprintf("Var(CAR) closed form disagrees for %s: %g", li$symbol, rel))
    car <- sum(ar_W[idx]); se <- s * sqrt(v); tt <- car / se
    list(window = w, car = car, se = se, t = tt, p = 2 * pt(-abs(tt), df))
  })

  comb <- c(resid_E, ar_W)
  U <- data.frame(t = c(E$t, W$t), U = rank(comb, ties.method = "average") / (1 + length(comb)))

  c(base, list(status = "ok", n = M, df = df, alpha = unname(coef(fit)[1]), beta = unname(coef(fit)[2]),
               r2 = sm$r.squared, sigma = s, days = days, cars = cars,
               resid_dates = E$date, resid = resid_E, p_pos = mean(resid_E > 0), U = U,
               volume = fit_volume(E, W)))
}

# Abnormal log volume, mean-adjusted (Campbell & Wasley 1996): lm(v ~ 1) on the estimation
# window of the same aligned event time; AV_t = v_t - mean(v_E), t = AV / (s sqrt(1 + 1/M)),
# window sums with Var = s^2 (L + L^2/M) (the constant-mean model's prediction-error variance).
fit_volume <- function(E, W) {
  if (all(is.na(E$volume)) || all(is.na(W$volume))) return(NULL)
  if (any(E$volume <= 0, na.rm = TRUE) || any(W$volume <= 0, na.rm = TRUE)) stop("zero volume: log undefined")
  Ev <- data.frame(t = E$t, v = log(E$volume))[!is.na(E$volume), ]
  Wv <- data.frame(t = W$t, date = W$date, v = log(W$volume))[!is.na(W$volume), ]
  fit <- lm(v ~ 1, data = Ev)
  M <- nrow(Ev); s <- summary(fit)$sigma; df <- fit$df.residual
  XtXi <- solve(crossprod(model.matrix(fit)))
  av <- Wv$v - unname(coef(fit)[1])
  C <- 1 + drop(XtXi)
  tt <- av / (s * sqrt(C))
  wins <- lapply(CAR_WINDOWS, function(w) {
    idx <- which(Wv$t >= w[1] & Wv$t <= w[2])
    Lw <- w[2] - w[1] + 1L
    if (length(idx) != Lw) return(list(window = w, cav = NA, se = NA, t = NA, p = NA))
    se <- s * sqrt(Lw + Lw^2 * drop(XtXi))
    cav <- sum(av[idx])
    list(window = w, cav = cav, se = se, t = cav / se, p = 2 * pt(-abs(cav / se), df))
  })
  list(n = M, df = df, mean = unname(coef(fit)[1]), sigma = s,
       days = data.frame(t = Wv$t, date = Wv$date, log_volume = Wv$v, av = av, av_t = tt,
                         av_p = 2 * pt(-abs(tt), df), stringsAsFactors = FALSE),
       windows = wins, est_t = Ev$t, est_av = Ev$v - unname(coef(fit)[1]))
}

# ---------------------------------------------------------------------------------------------
# Groups: the one-sample tests of event_study.R over the group's `ok` listings

group_tests <- function(g, fits) {
  ok <- Filter(function(e) e$status == "ok", fits[g$members])
  N <- length(ok)
  rbar <- NA_real_
  if (N >= 2) {
    rs <- c()
    for (i in 1:(N - 1)) for (j in (i + 1):N) {
      ci <- match(ok[[i]]$resid_dates, ok[[j]]$resid_dates)
      keep <- !is.na(ci)
      if (sum(keep) < MIN_PAIR_DATES) next
      r <- cor(ok[[i]]$resid[keep], ok[[j]]$resid[ci[keep]])
      if (is.finite(r)) rs <- c(rs, r)
    }
    if (length(rs) > 0) rbar <- mean(rs)
  }
  dfs <- sapply(ok, function(e) e$df)
  phat <- sapply(ok, function(e) e$p_pos)
  allU <- do.call(rbind, lapply(ok, function(e) e$U))
  tt <- sort(unique(allU$t))
  num <- sapply(tt, function(t) { u <- allU$U[allU$t == t]; sum(u - 0.5) / sqrt(length(u)) })
  S_U <- sqrt(mean(num^2))
  cz <- function(ts) {
    if (!(S_U > 0)) return(na_test("S_U is zero"))
    nm <- num[match(ts, tt)]
    st <- sum(nm) / (sqrt(length(ts)) * S_U)
    ok_test(st, 2 * pnorm(-abs(st)))
  }
  all_tests <- function(x, z, has, ts) {
    list(cross_sectional_t = cs_t(x), patell_z = patell(z, dfs[has]), bmp_t = bmp(z),
         kp_bmp_t = kp_bmp(z, rbar), kp_patell_z = kp_patell(z, dfs[has], rbar),
         corrado_zivney = cz(ts), generalized_sign = gen_sign(x, phat[has]), wilcoxon = wilcoxon(x))
  }
  days <- list(); caar <- 0
  for (t in WIN[1]:WIN[2]) {
    has <- sapply(ok, function(e) t %in% e$days$t)
    ar <- sapply(ok[has], function(e) e$days$ar[e$days$t == t])
    sar <- sapply(ok[has], function(e) e$days$ar_t[e$days$t == t])
    aar <- mean(ar); caar <- caar + aar
    days[[length(days) + 1]] <- list(t = t, n = sum(has), aar = aar, caar = caar,
                                     dates = unique(sapply(ok[has], function(e) e$days$date[e$days$t == t])),
                                     tests = all_tests(ar, sar, has, t))
  }
  cars <- lapply(seq_along(CAR_WINDOWS), function(k) {
    w <- CAR_WINDOWS[[k]]
    has <- sapply(ok, function(e) !is.na(e$cars[[k]]$car))
    car <- sapply(ok[has], function(e) e$cars[[k]]$car)
    scar <- sapply(ok[has], function(e) e$cars[[k]]$t)
    list(window = w, n = sum(has), caar = mean(car), tests = all_tests(car, scar, has, w[1]:w[2]))
  })
  list(name = g$name, description = g$description, members = g$members, ok = names(ok), rbar = rbar,
       benchmarks = unique(sapply(fits[g$members], function(e) e$benchmark)),
       currencies = unique(sapply(fits[g$members], function(e) e$currency)),
       day0s = unique(sapply(ok, function(e) e$day0)),
       days = days, cars = cars, volume = group_volume(ok))
}

# Group abnormal volume: mean AV per event day with the cross-sectional t, and Campbell & Wasley's
# portfolio t: AAV_t / S(AAV_E), S the sd (M_E - 1) of the group's mean AV over the estimation
# event days (crude dependence adjustment, Brown & Warner 1985), p from t(M_E - 1).
group_volume <- function(ok) {
  withv <- Filter(function(e) !is.null(e$volume), ok)
  if (length(withv) == 0) return(NULL)
  est <- do.call(rbind, lapply(withv, function(e) data.frame(t = e$volume$est_t, av = e$volume$est_av)))
  aav_E <- tapply(est$av, est$t, mean)
  S <- sd(aav_E); ME <- length(aav_E)
  days <- lapply(WIN[1]:WIN[2], function(t) {
    av <- unlist(lapply(withv, function(e) e$volume$days$av[e$volume$days$t == t]))
    aav <- mean(av)
    st <- aav / S
    list(t = t, n = length(av), aav = aav, cs = cs_t(av), cw = ok_test(st, 2 * pt(-abs(st), ME - 1)))
  })
  wins <- lapply(seq_along(CAR_WINDOWS), function(k) {
    w <- CAR_WINDOWS[[k]]
    cav <- unlist(lapply(withv, function(e) e$volume$windows[[k]]$cav))
    cav <- cav[!is.na(cav)]
    aav_sum <- mean(cav)
    st <- aav_sum / (sqrt(w[2] - w[1] + 1) * S)
    list(window = w, n = length(cav), caav = aav_sum, cs = cs_t(cav), cw = ok_test(st, 2 * pt(-abs(st), ME - 1)))
  })
  list(members = sapply(withv, function(e) e$symbol), estimation_days = ME, s_aav = S, days = days, windows = wins)
}

# ---------------------------------------------------------------------------------------------
# Difference between two groups, per CAR window (a minus b):
#  - welch_car: Welch two-sample t on the CARs, t.test(var.equal = FALSE) (Welch-Satterthwaite df);
#  - welch_scar: the same on the standardized CARs (CAR / its prediction-error se);
#  - pooled_ols: lm(CAR ~ in_a), the cross-sectional regression on a group dummy (equal variances);
#  - kp_welch_car: Welch's t with each group's variance of the mean inflated as in Kolari &
#    Pynnonen: under a common correlation r within group g, E[s_g^2] = sigma^2 (1 - r) and
#    Var(mean_g) = sigma^2 (1 + (N_g - 1) r) / N_g, so v_g = s_g^2 / N_g * (1 + (N_g - 1) r_g) / (1 - r_g)
#    with r_g the group's r-bar; se = sqrt(v_a + v_b), Welch-Satterthwaite df on the v_g.
#    Correlation between the two groups is ignored (for positive cross-correlation: conservative).

welch <- function(x, y) {
  if (length(x) < 2 || length(y) < 2) return(list(statistic = NA, df = NA, p = NA, se = NA, reason = "each group needs N >= 2"))
  w <- t.test(x, y, var.equal = FALSE)
  list(statistic = unname(w$statistic), df = unname(w$parameter), p = w$p.value, se = unname(w$stderr))
}

kp_welch <- function(x, y, ra, rb) {
  if (length(x) < 2 || length(y) < 2) return(list(statistic = NA, df = NA, p = NA, se = NA, reason = "each group needs N >= 2"))
  if (is.na(ra) || is.na(rb)) return(list(statistic = NA, df = NA, p = NA, se = NA, reason = "r-bar not available for both groups"))
  v <- function(z, r) var(z) / length(z) * (1 + (length(z) - 1) * r) / (1 - r)
  va <- v(x, ra); vb <- v(y, rb)
  if (!(va > 0 && vb > 0)) return(list(statistic = NA, df = NA, p = NA, se = NA, reason = "1 + (N-1) r-bar <= 0"))
  se <- sqrt(va + vb)
  df <- (va + vb)^2 / (va^2 / (length(x) - 1) + vb^2 / (length(y) - 1))
  st <- (mean(x) - mean(y)) / se
  list(statistic = st, df = df, p = 2 * pt(-abs(st), df), se = se)
}

difference <- function(pair, groups, fits) {
  ga <- groups[[pair[1]]]; gb <- groups[[pair[2]]]
  wins <- lapply(seq_along(CAR_WINDOWS), function(k) {
    get <- function(g, what) unlist(lapply(fits[g$ok], function(e) e$cars[[k]][[what]]))
    xa <- get(ga, "car"); xb <- get(gb, "car")
    za <- get(ga, "t"); zb <- get(gb, "t")
    d <- data.frame(car = c(xa, xb), in_a = c(rep(1, length(xa)), rep(0, length(xb))))
    fit <- lm(car ~ in_a, data = d)
    cf <- summary(fit)$coefficients
    pooled <- list(estimate = cf["in_a", 1], se = cf["in_a", 2], statistic = cf["in_a", 3],
                   df = fit$df.residual, p = cf["in_a", 4])
    kp <- kp_welch(xa, xb, ga$rbar, gb$rbar)
    w0 <- kp_welch(xa, xb, 0, 0)
    if (abs(w0$statistic / t.test(xa, xb)$statistic - 1) > 1e-10) stop("kp_welch at r = 0 is not Welch's t")
    chk <- t.test(xa, xb, var.equal = TRUE)
    if (abs(chk$statistic / pooled$statistic - 1) > 1e-10) stop("pooled t and OLS dummy disagree")
    list(window = CAR_WINDOWS[[k]], n_a = length(xa), n_b = length(xb), mean_a = mean(xa), mean_b = mean(xb),
         difference = mean(xa) - mean(xb), welch_car = welch(xa, xb), kp_welch_car = kp,
         mean_scar_a = mean(za), mean_scar_b = mean(zb), welch_scar = welch(za, zb), pooled_ols = pooled)
  })
  currencies <- unique(c(ga$currencies, gb$currencies))
  list(a = pair[1], b = pair[2], rbar_a = ga$rbar, rbar_b = gb$rbar, currencies = currencies, windows = wins)
}

# ---------------------------------------------------------------------------------------------
# JSON

jnull <- function(x) if (is.null(x)) "null" else x
jstrs <- function(v) jarr(vapply(v, jstr, ""))
jdtest <- function(r) {
  keys <- c("statistic", "df", "p", "se")
  if (!is.null(r$reason)) return(jobj(c(keys, "reason"), c(rep("null", 4), jstr(r$reason))))
  jobj(keys, c(jnum(r$statistic), jnum(r$df), jnum(r$p), jnum(r$se)))
}
I <- function(n) strrep("  ", n)

jvolume <- function(v) {
  if (is.null(v)) return("null")
  d <- v$days
  days <- sapply(seq_len(nrow(d)), function(i)
    paste0(I(7), jobj(c("t", "date", "log_volume", "av", "av_t", "av_p"),
                      c(jint(d$t[i]), jstr(d$date[i]), jnum(d$log_volume[i]), jnum(d$av[i]), jnum(d$av_t[i]), jnum(d$av_p[i])))))
  wins <- sapply(v$windows, function(w)
    paste0(I(7), jobj(c("window", "cav", "se", "t", "p"), c(jwin(w$window), jnum(w$cav), jnum(w$se), jnum(w$t), jnum(w$p)))))
  paste0("{", "\"n\": ", jint(v$n), ", \"df\": ", jint(v$df), ", \"mean\": ", jnum(v$mean), ", \"sigma\": ", jnum(v$sigma), ",\n",
         I(6), "\"days\": [\n", paste(days, collapse = ",\n"), "\n", I(6), "],\n",
         I(6), "\"windows\": [\n", paste(wins, collapse = ",\n"), "\n", I(6), "]}")
}

jlisting <- function(e) {
  keys <- c("symbol", "name", "role", "exchange", "time_zone", "currency", "benchmark")
  vals <- c(jstr(e$symbol), jstr(e$name), jstr(e$role), jstr(e$exchange), jstr(e$time_zone), jstr(e$currency), jstr(e$benchmark))
  if (e$status != "ok") {
    return(paste0(I(3), jobj(c(keys, "status", "reason"), c(vals, jstr(e$status), jstr(e$reason)))))
  }
  head <- jobj(c(keys, "announced_local", "day0", "day0_rule", "dropped_gap_returns", "estimation_dates", "status",
                 "n", "df", "alpha", "beta", "r2", "sigma"),
               c(vals, jstr(e$local_time), jstr(e$day0), jstr(e$day0_rule), jint(e$dropped_gap_returns),
                 jstrs(c(e$estimation_first, e$estimation_last)), jstr("ok"),
                 jint(e$n), jint(e$df), jnum(e$alpha), jnum(e$beta), jnum(e$r2), jnum(e$sigma)))
  d <- e$days
  days <- sapply(seq_len(nrow(d)), function(i)
    paste0(I(5), jobj(c("t", "date", "return", "benchmark_return", "ar", "ar_t", "ar_p", "car"),
                      c(jint(d$t[i]), jstr(d$date[i]), jnum(d$r[i]), jnum(d$rm[i]), jnum(d$ar[i]),
                        jnum(d$ar_t[i]), jnum(d$ar_p[i]), jnum(d$car[i])))))
  cars <- sapply(e$cars, function(c)
    paste0(I(5), jobj(c("window", "car", "se", "t", "p"), c(jwin(c$window), jnum(c$car), jnum(c$se), jnum(c$t), jnum(c$p)))))
  paste0(I(3), sub("\\}$", "", head), ",\n",
         I(4), "\"days\": [\n", paste(days, collapse = ",\n"), "\n", I(4), "],\n",
         I(4), "\"cars\": [\n", paste(cars, collapse = ",\n"), "\n", I(4), "],\n",
         I(4), "\"volume\": ", jvolume(e$volume), "\n", I(3), "}")
}

jgroup_volume <- function(v) {
  if (is.null(v)) return("null")
  two <- function(x) paste0("\"cross_sectional_t\": ", jtest(x$cs), ", \"campbell_wasley_t\": ", jtest(x$cw))
  days <- sapply(v$days, function(d) paste0(I(6), "{\"t\": ", jint(d$t), ", \"n\": ", jint(d$n), ", \"aav\": ", jnum(d$aav), ", ", two(d), "}"))
  wins <- sapply(v$windows, function(w) paste0(I(6), "{\"window\": ", jwin(w$window), ", \"n\": ", jint(w$n), ", \"caav\": ", jnum(w$caav), ", ", two(w), "}"))
  paste0("{\"members\": ", jstrs(v$members), ", \"estimation_days\": ", jint(v$estimation_days), ", \"s_aav\": ", jnum(v$s_aav), ",\n",
         I(5), "\"days\": [\n", paste(days, collapse = ",\n"), "\n", I(5), "],\n",
         I(5), "\"windows\": [\n", paste(wins, collapse = ",\n"), "\n", I(5), "]}")
}

jgroup <- function(g) {
  pd <- sapply(g$days, function(d)
    paste0(I(5), "{\"t\": ", jint(d$t), ", \"n\": ", jint(d$n), ", \"dates\": ", jstrs(d$dates), ", \"aar\": ", jnum(d$aar),
           ", \"caar\": ", jnum(d$caar), ",\n", I(6), "\"tests\": ", jtests(d$tests), "}"))
  pc <- sapply(g$cars, function(d)
    paste0(I(5), "{\"window\": ", jwin(d$window), ", \"n\": ", jint(d$n), ", \"caar\": ", jnum(d$caar),
           ",\n", I(6), "\"tests\": ", jtests(d$tests), "}"))
  paste0(I(3), "{\"name\": ", jstr(g$name), ", \"description\": ", jstr(g$description), ",\n",
         I(4), "\"members\": ", jstrs(g$members), ", \"ok\": ", jstrs(g$ok), ",\n",
         I(4), "\"benchmarks\": ", jstrs(g$benchmarks), ", \"currencies\": ", jstrs(g$currencies),
         ", \"day0\": ", jstrs(g$day0s), ", \"rbar\": ", jnum(g$rbar), ",\n",
         I(4), "\"days\": [\n", paste(pd, collapse = ",\n"), "\n", I(4), "],\n",
         I(4), "\"cars\": [\n", paste(pc, collapse = ",\n"), "\n", I(4), "],\n",
         I(4), "\"volume\": ", jgroup_volume(g$volume), "\n", I(3), "}")
}

jdifference <- function(d) {
  wins <- sapply(d$windows, function(w) {
    p <- w$pooled_ols
    paste0(I(5), "{\"window\": ", jwin(w$window), ", \"n_a\": ", jint(w$n_a), ", \"n_b\": ", jint(w$n_b),
           ", \"mean_a\": ", jnum(w$mean_a), ", \"mean_b\": ", jnum(w$mean_b), ", \"difference\": ", jnum(w$difference), ",\n",
           I(6), "\"welch_car\": ", jdtest(w$welch_car), ",\n",
           I(6), "\"kp_welch_car\": ", jdtest(w$kp_welch_car), ",\n",
           I(6), "\"mean_scar_a\": ", jnum(w$mean_scar_a), ", \"mean_scar_b\": ", jnum(w$mean_scar_b),
           ", \"welch_scar\": ", jdtest(w$welch_scar), ",\n",
           I(6), "\"pooled_ols\": ", jobj(c("estimate", "se", "statistic", "df", "p"),
                                          c(jnum(p$estimate), jnum(p$se), jnum(p$statistic), jint(p$df), jnum(p$p))), "}")
  })
  paste0(I(3), "{\"a\": ", jstr(d$a), ", \"b\": ", jstr(d$b), ", \"rbar_a\": ", jnum(d$rbar_a), ", \"rbar_b\": ", jnum(d$rbar_b),
         ", \"currencies\": ", jstrs(d$currencies), ",\n",
         I(4), "\"windows\": [\n", paste(wins, collapse = ",\n"), "\n", I(4), "]\n", I(3), "}")
}

# ---------------------------------------------------------------------------------------------
# Run

main <- function() {
  fits <- lapply(LISTINGS, fit_listing)
  names(fits) <- sapply(LISTINGS, function(l) l$symbol)
  groups <- lapply(GROUPS, group_tests, fits = fits)
  names(groups) <- sapply(GROUPS, function(g) g$name)
  diffs <- lapply(DIFFERENCES, difference, groups = groups, fits = fits)

  cmd <- "Rscript test/reference/intl_study.R ../shared/market-data ../shared/market-data-intl test/reference/golden/intl-study.json"
  json <- paste0("{\n",
    I(1), "\"generated_by\": ", jstr(paste(R.version.string, "intl_study.R")), ",\n",
    I(1), "\"command\": ", jstr(cmd), ",\n",
    I(1), "\"event\": ", jstr("china-cybersecurity-software-ban-2026"), ", \"announced_at\": ", jstr("2026-01-14T11:10:00Z"), ",\n",
    I(1), "\"model\": \"market\", \"returns\": \"simple\", \"min_obs\": ", jint(MIN_OBS),
    ", \"estimation\": ", jwin(EST), ", \"window\": ", jwin(WIN), ", \"car_windows\": ", jarr(sapply(CAR_WINDOWS, jwin)), ",\n",
    I(1), "\"listings\": [\n", paste(sapply(fits, jlisting), collapse = ",\n"), "\n", I(1), "],\n",
    I(1), "\"groups\": [\n", paste(sapply(groups, jgroup), collapse = ",\n"), "\n", I(1), "],\n",
    I(1), "\"differences\": [\n", paste(sapply(diffs, jdifference), collapse = ",\n"), "\n", I(1), "]\n}\n")
  if (is.na(out_path)) cat(json) else {
    dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
    writeLines(json, out_path, sep = "")
  }
  message(sprintf("closed-form vs matrix Var(CAR): max relative difference %.3g over %d windows",
                  max(unlist(chk_log)), length(chk_log)))
  invisible(list(fits = fits, groups = groups, diffs = diffs))
}

if (sys.nframe() == 0L) res <- main()
