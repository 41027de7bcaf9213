#!/usr/bin/env Rscript
# Independent reference implementation of the multi-factor ("factor") normal-return model of the
# event study, next to event_study.R (market / constant-mean / market-adjusted).
#
# Factor set "etf4" -- ETF-based PROXIES built from real adjusted daily closes, not the Fama-French
# / Carhart research factors:
#   simple return of each ETF from its own consecutive CSV rows; the five return series
#   (SPY, IWM, VTV, VUG, MTUM) inner-joined on date; then per date
#     MKT = r_SPY,  SMB = r_IWM - r_SPY,  HML = r_VTV - r_VUG,  MOM = r_MTUM - r_SPY.
#   No risk-free column: the dependent variable is the security's raw simple return.
#
# Model "factor" (k = 5): the security's simple returns inner-joined with the factor dates; event
# time counts those common dates; day 0 = first common date >= the given day 0. Estimation
# [-250, -11], event window [-5, 5], min_obs 100. lm(r ~ MKT + SMB + HML + MOM) on the estimation
# window; s^2 = SSR / (M - 5), df = M - 5. Prediction-error corrected variances from the MODEL
# MATRIX:
#   Var(AR_t) = s^2 (1 + x_t' (X'X)^-1 x_t),   Var(CAR) = s^2 (L + iota' X* (X'X)^-1 X*' iota)
# with (X'X)^-1 = solve(crossprod(model.matrix(fit))). Self-checks (the script stops when one
# fails by more than 1e-10 relative):
#   * (X'X)^-1 against vcov(fit) / s^2;
#   * the centred closed form  C_t = 1 + 1/M + d_t' Sff^-1 d_t,
#     Var(CAR)/s^2 = L + L^2/M + D' Sff^-1 D  (d_t = f_t - mean(f_E), D = sum_tau d_tau,
#     Sff = centred cross-product matrix of the factors over E) -- the multi-factor version of
#     the closed form in docs/conventions.md; compared on the prediction-error terms
#     (C_t - 1 and Var(CAR)/s^2 - L), not on the totals, so that the check is not blunted by
#     the leading 1 and L;
#   * a dummy-variable regression (one dummy per event-window day, fitted with lm() on the
#     estimation + event window): its dummy coefficients are the ARs, its residual s is s, and
#     iota' vcov(dummies) iota is Var(CAR).
#
# Portfolio tests: the test functions of event_study.R, COPIED verbatim below (event_study.R runs
# its cases at top level, so it cannot be source()d without running them); at start-up the copies
# are compared with the definitions in event_study.R and the script stops if they differ.
#
# Usage (from the project root):
#   Rscript test/reference/factor_study.R <market-data-dir> <out.json> [<factors-out.csv>]
#   Rscript test/reference/factor_study.R ../shared/market-data test/reference/golden/factor-studies.json
# Without <out.json> (or with "-") the JSON goes to stdout. With <factors-out.csv> the etf4
# factor file is written too (header date,MKT,SMB,HML,MOM; values %.17g).
# The file can be source()d: nothing runs unless it is the Rscript entry point.

options(warn = 1)

EST <- c(-250L, -11L)
WIN <- c(-5L, 5L)
CAR_WINDOWS <- list(c(0L, 0L), c(0L, 1L), c(-1L, 1L), c(-5L, 5L))
MIN_OBS <- 100L
MIN_PAIR_DATES <- 30L
CHECK_TOL <- 1e-10

FACTOR_SET <- "etf4"
FACTORS <- c("MKT", "SMB", "HML", "MOM")
FACTOR_ETFS <- c("SPY", "IWM", "VTV", "VUG", "MTUM")
FACTOR_CONSTRUCTION <- "MKT=r_SPY, SMB=r_IWM-r_SPY, HML=r_VTV-r_VUG, MOM=r_MTUM-r_SPY (simple returns, ETF-based proxies, no risk-free rate)"

cyber <- c("AVGO", "PANW", "FTNT", "CHKP", "GOOGL", "CRWD", "S", "RPD", "MA")
same_day <- function(syms, day0) lapply(syms, function(s) list(symbol = s, day0 = day0))

CASES <- list(
  list(name = "china-cyber-2026-etf4", events = same_day(cyber, "2026-01-14")),
  list(name = "micron-cac-2023-etf4", events = same_day("MU", "2023-05-22")),
  list(name = "bis-ai-chip-rules-2023-etf4",
       events = same_day(c("NVDA", "AMD", "INTC", "AVGO", "MRVL", "AMAT", "LRCX", "KLAC"), "2023-10-17"))
)

# ---------------------------------------------------------------------------------------------
# Data

price_cache <- new.env()
read_prices <- function(data_dir, sym) {
  key <- paste(data_dir, sym, sep = "|")
  if (!is.null(price_cache[[key]])) return(price_cache[[key]])
  f <- file.path(data_dir, "daily", paste0(sym, ".csv"))
  d <- read.csv(f, colClasses = c(date = "character"), stringsAsFactors = FALSE)
  d <- d[!is.na(d$close), c("date", "close")]
  d <- d[order(d$date), ]
  price_cache[[key]] <- d
  d
}

# Simple returns from the security's own consecutive stored rows; the first row has no return.
simple_returns <- function(data_dir, sym) {
  p <- read_prices(data_dir, sym)
  n <- nrow(p)
  data.frame(date = p$date[-1], r = p$close[-1] / p$close[-n] - 1, stringsAsFactors = FALSE)
}

# etf4: each ETF's own returns, inner-joined on date (merge), then the differences.
build_factors <- function(data_dir) {
  rr <- NULL
  for (s in FACTOR_ETFS) {
    x <- simple_returns(data_dir, s)
    names(x) <- c("date", s)
    rr <- if (is.null(rr)) x else merge(rr, x, by = "date")
  }
  rr <- rr[order(rr$date), ]
  data.frame(date = rr$date,
             MKT = rr$SPY,
             SMB = rr$IWM - rr$SPY,
             HML = rr$VTV - rr$VUG,
             MOM = rr$MTUM - rr$SPY,
             stringsAsFactors = FALSE, row.names = NULL)
}

write_factors_csv <- function(fac, path) {
  cols <- c("date", FACTORS)
  stopifnot(identical(names(fac), cols))
  lines <- c(paste(cols, collapse = ","),
             sprintf("%s,%.17g,%.17g,%.17g,%.17g", fac$date, fac$MKT, fac$SMB, fac$HML, fac$MOM))
  dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
  writeLines(lines, path)
}

# ---------------------------------------------------------------------------------------------
# Per security-event

chk <- new.env()
chk$vcov <- 0; chk$closed_C <- 0; chk$closed_car <- 0; chk$dummy_ar <- 0; chk$dummy_s <- 0
chk$dummy_car <- 0; chk$n_car <- 0L
note_chk <- function(what, rel, label) {
  chk[[what]] <- max(chk[[what]], rel)
  if (!(rel <= CHECK_TOL)) stop(sprintf("self-check %s failed for %s: relative difference %g", what, label, rel))
}
rel_diff <- function(a, b) max(abs(a - b) / pmax(abs(b), .Machine$double.xmin))

fit_event <- function(ev, data_dir, fac, factors) {
  rs <- simple_returns(data_dir, ev$symbol)
  a <- merge(rs, fac[, c("date", factors)], by = "date")      # inner join on date
  a <- a[order(a$date), ]
  p0 <- which(a$date >= ev$day0)[1]
  base <- list(symbol = ev$symbol, day0 = ev$day0)
  if (is.na(p0)) return(c(base, list(status = "excluded", reason = "no aligned trading day on or after day 0")))
  a$t <- seq_len(nrow(a)) - p0
  E <- a[a$t >= EST[1] & a$t <= EST[2], ]
  W <- a[a$t >= WIN[1] & a$t <= WIN[2], ]
  M <- nrow(E)
  base$day0 <- a$date[p0]
  if (M < MIN_OBS) {
    return(c(base, list(status = "excluded",
                        reason = sprintf("%d aligned returns in the estimation window [%d,%d], fewer than min_obs %d",
                                         M, EST[1], EST[2], MIN_OBS))))
  }
  label <- paste(ev$symbol, base$day0)
  k <- length(factors) + 1L

  fit <- lm(reformulate(factors, response = "r"), data = E)
  sm <- summary(fit)
  b <- coef(fit)
  if (any(is.na(b))) stop("rank-deficient factor regression for ", label)
  s <- sm$sigma; df <- fit$df.residual
  stopifnot(df == M - k, abs(s^2 - sum(residuals(fit)^2) / (M - k)) <= 1e-14 * s^2)
  resid_E <- unname(residuals(fit))
  X <- model.matrix(fit)
  Xw <- cbind(1, as.matrix(W[, factors, drop = FALSE]))
  ar_W <- W$r - drop(Xw %*% b)
  stopifnot(max(abs(E$r - drop(X %*% b) - resid_E)) < 1e-14)

  XtXi <- solve(crossprod(X))
  note_chk("vcov", rel_diff(unname(vcov(fit)) / s^2, unname(XtXi)), label)
  pe_t <- rowSums((Xw %*% XtXi) * Xw)                    # x_t' (X'X)^-1 x_t
  C_t <- 1 + pe_t

  # closed form, centred: C_t = 1 + 1/M + d' Sff^-1 d (compared on the prediction-error term)
  FE <- as.matrix(E[, factors, drop = FALSE])
  fbar <- colMeans(FE)
  Sffi <- solve(crossprod(sweep(FE, 2, fbar)))
  Dw <- sweep(as.matrix(W[, factors, drop = FALSE]), 2, fbar)
  note_chk("closed_C", rel_diff(pe_t, 1 / M + rowSums((Dw %*% Sffi) * Dw)), label)

  # dummy-variable regression over estimation + event window (one dummy per event-window day)
  EW <- rbind(E, W)
  dn <- paste0("d", seq_len(nrow(W)))
  for (j in seq_len(nrow(W))) EW[[dn[j]]] <- c(rep(0, M), as.numeric(seq_len(nrow(W)) == j))
  dfit <- lm(reformulate(c(factors, dn), response = "r"), data = EW)
  note_chk("dummy_ar", rel_diff(unname(coef(dfit)[dn]), ar_W), label)
  note_chk("dummy_s", rel_diff(summary(dfit)$sigma, s), label)
  dV <- vcov(dfit)[dn, dn, drop = FALSE]

  sar <- ar_W / (s * sqrt(C_t))
  days <- data.frame(t = W$t, date = W$date, r = W$r, rm = W$MKT, ar = ar_W,
                     ar_t = sar, ar_p = 2 * pt(-abs(sar), df), car = cumsum(ar_W),
                     stringsAsFactors = FALSE)

  cars <- lapply(CAR_WINDOWS, function(w) {
    idx <- which(W$t >= w[1] & W$t <= w[2])
    L <- w[2] - w[1] + 1L
    if (length(idx) != L) return(list(window = w, car = NA, se = NA, t = NA, p = NA))
    car <- sum(ar_W[idx])
    g <- colSums(Xw[idx, , drop = FALSE])                 # iota' X*
    pe <- drop(t(g) %*% XtXi %*% g)                      # iota' X* (X'X)^-1 X*' iota
    v <- L + pe
    D <- colSums(Dw[idx, , drop = FALSE])
    wl <- sprintf("%s [%d,%d]", label, w[1], w[2])
    note_chk("closed_car", abs(pe / (L^2 / M + drop(t(D) %*% Sffi %*% D)) - 1), wl)
    note_chk("dummy_car", abs(s^2 * v / sum(dV[idx, idx]) - 1), wl)
    chk$n_car <- chk$n_car + 1L
    se <- s * sqrt(v)
    tt <- car / se
    list(window = w, car = car, se = se, t = tt, p = 2 * pt(-abs(tt), df))
  })

  # Corrado-Zivney standardized ranks over estimation + event window (gap excluded)
  comb_t <- c(E$t, W$t)
  comb_ar <- c(resid_E, ar_W)
  Mstar <- length(comb_ar)
  U <- rank(comb_ar, ties.method = "average") / (1 + Mstar)

  c(base, list(status = "ok", n = M, df = df,
               alpha = unname(b[1]), beta = unname(b["MKT"]), r2 = sm$r.squared, sigma = s,
               coefficients = b,
               days = days, cars = cars,
               resid_dates = E$date, resid = resid_E,
               p_pos = mean(resid_E > 0),
               U = data.frame(t = comb_t, U = U)))
}

# ---------------------------------------------------------------------------------------------
# Tests -- copied verbatim from event_study.R (checked against it at start-up, see check_copies)

na_test <- function(reason) list(statistic = NA, p = NA, reason = reason)
ok_test <- function(stat, p) list(statistic = stat, p = p)

cs_t <- function(x) {
  N <- length(x)
  if (N < 2) return(na_test("cross-sectional t needs N >= 2"))
  sdv <- sd(x)
  if (!(sdv > 0)) return(na_test("zero cross-sectional variance"))
  st <- mean(x) / (sdv / sqrt(N))
  ok_test(st, 2 * pt(-abs(st), N - 1))
}

patell <- function(z, dfs) {
  if (length(z) < 1) return(na_test("no securities"))
  st <- sum(z) / sqrt(sum(dfs / (dfs - 2)))
  ok_test(st, 2 * pnorm(-abs(st)))
}

bmp <- function(z) {
  N <- length(z)
  if (N < 2) return(na_test("BMP t needs N >= 2"))
  sdv <- sd(z)
  if (!(sdv > 0)) return(na_test("zero cross-sectional variance of standardized ARs"))
  st <- mean(z) / (sdv / sqrt(N))
  ok_test(st, 2 * pt(-abs(st), N - 1))
}

kp_factor_ok <- function(rbar, N) {
  if (is.na(rbar)) return("r-bar not available (needs at least one pair of securities with >= 30 common estimation-window dates)")
  if (!(rbar < 1)) return("r-bar >= 1")
  if (!(1 + (N - 1) * rbar > 0)) return("1 + (N-1) r-bar <= 0")
  NULL
}

kp_bmp <- function(z, rbar) {
  N <- length(z)
  b <- bmp(z)
  if (is.na(b$statistic)) return(na_test(paste0("KP-BMP: ", b$reason)))
  why <- kp_factor_ok(rbar, N)
  if (!is.null(why)) return(na_test(why))
  st <- b$statistic * sqrt((1 - rbar) / (1 + (N - 1) * rbar))
  ok_test(st, 2 * pt(-abs(st), N - 1))
}

kp_patell <- function(z, dfs, rbar) {
  N <- length(z)
  pz <- patell(z, dfs)
  if (is.na(pz$statistic)) return(na_test(paste0("KP-Patell: ", pz$reason)))
  why <- kp_factor_ok(rbar, N)
  if (!is.null(why)) return(na_test(why))
  st <- pz$statistic / sqrt(1 + (N - 1) * rbar)
  ok_test(st, 2 * pnorm(-abs(st)))
}

gen_sign <- function(x, phat_i) {
  N <- length(x)
  if (N < 1) return(na_test("no securities"))
  ph <- mean(phat_i)
  if (!(ph > 0 && ph < 1)) return(na_test("p-hat is 0 or 1"))
  w <- sum(x > 0)
  st <- (w - N * ph) / sqrt(N * ph * (1 - ph))
  ok_test(st, 2 * pnorm(-abs(st)))
}

wilcoxon <- function(x) {
  if (length(x) < 1) return(na_test("no securities"))
  if (all(x == 0)) return(na_test("all values are zero"))
  w <- suppressWarnings(wilcox.test(x, mu = 0))
  ok_test(unname(w$statistic), w$p.value)
}

# ---------------------------------------------------------------------------------------------
# Case (as run_case in event_study.R; the per-security fit is the factor model)

run_case <- function(cs, data_dir, fac, factors = FACTORS) {
  evs <- lapply(cs$events, fit_event, data_dir = data_dir, fac = fac, factors = factors)
  ok <- Filter(function(e) e$status == "ok", evs)
  N <- length(ok)

  # Kolari-Pynnonen r-bar: calendar-aligned estimation residuals, pairwise-complete dates
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

  # Corrado-Zivney: S_U over all event-time days of the combined window that have a U
  CZ <- NULL
  if (N >= 1) {
    allU <- do.call(rbind, lapply(ok, function(e) e$U))
    tt <- sort(unique(allU$t))
    num <- sapply(tt, function(t) { u <- allU$U[allU$t == t]; sum(u - 0.5) / sqrt(length(u)) })
    S_U <- sqrt(mean(num^2))
    CZ <- list(t = tt, num = num, S_U = S_U)
  }
  cz_stat <- function(ts) {
    if (is.null(CZ)) return(na_test("no securities"))
    if (!(CZ$S_U > 0)) return(na_test("S_U is zero"))
    nm <- CZ$num[match(ts, CZ$t)]
    if (any(is.na(nm))) return(na_test("window day without any rank"))
    st <- sum(nm) / (sqrt(length(ts)) * CZ$S_U)
    ok_test(st, 2 * pnorm(-abs(st)))
  }

  pdays <- list(); caar <- 0
  for (t in WIN[1]:WIN[2]) {
    has <- sapply(ok, function(e) t %in% e$days$t)
    sub <- ok[has]
    ar <- sapply(sub, function(e) e$days$ar[e$days$t == t])
    sar <- sapply(sub, function(e) e$days$ar_t[e$days$t == t])
    Nt <- length(sub)
    aar <- if (Nt > 0) mean(ar) else NA
    caar <- caar + aar
    pdays[[length(pdays) + 1]] <- list(
      t = t, n = Nt, aar = aar, caar = caar,
      tests = list(cross_sectional_t = cs_t(ar), patell_z = patell(sar, dfs[has]), bmp_t = bmp(sar),
                   kp_bmp_t = kp_bmp(sar, rbar), kp_patell_z = kp_patell(sar, dfs[has], rbar),
                   corrado_zivney = cz_stat(t), generalized_sign = gen_sign(ar, phat[has]),
                   wilcoxon = wilcoxon(ar)))
  }
  pcars <- lapply(seq_along(CAR_WINDOWS), function(k) {
    w <- CAR_WINDOWS[[k]]
    has <- sapply(ok, function(e) !is.na(e$cars[[k]]$car))
    sub <- ok[has]
    car <- sapply(sub, function(e) e$cars[[k]]$car)
    scar <- sapply(sub, function(e) e$cars[[k]]$t)
    list(window = w, n = length(sub), caar = if (length(sub)) mean(car) else NA,
         tests = list(cross_sectional_t = cs_t(car), patell_z = patell(scar, dfs[has]), bmp_t = bmp(scar),
                      kp_bmp_t = kp_bmp(scar, rbar), kp_patell_z = kp_patell(scar, dfs[has], rbar),
                      corrado_zivney = cz_stat(w[1]:w[2]), generalized_sign = gen_sign(car, phat[has]),
                      wilcoxon = wilcoxon(car)))
  })

  list(name = cs$name, model = "factor", factors = factors, benchmark = NA, returns = "simple",
       securities = evs, rbar = rbar, portfolio = list(days = pdays, cars = pcars))
}

# ---------------------------------------------------------------------------------------------
# JSON (hand-written, full precision; helpers as in event_study.R)

jnum <- function(x) {
  if (is.null(x) || length(x) == 0 || is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(sprintf("%d", x))
  sprintf("%.17g", x)
}
jint <- function(x) sprintf("%d", as.integer(x))
jstr <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}
jobj <- function(keys, vals, ind = "") {
  paste0("{", paste0(jstr(keys), ": ", vals, collapse = ", "), "}")
}
jarr <- function(items, sep = ", ") paste0("[", paste(items, collapse = sep), "]")
jwin <- function(w) jarr(c(jint(w[1]), jint(w[2])))

jtest <- function(r) {
  if (is.na(r$statistic)) jobj(c("statistic", "p", "reason"), c("null", "null", jstr(r$reason)))
  else jobj(c("statistic", "p"), c(jnum(r$statistic), jnum(r$p)))
}
jtests <- function(ts) {
  nm <- c("cross_sectional_t", "patell_z", "bmp_t", "kp_bmp_t", "kp_patell_z", "corrado_zivney",
          "generalized_sign", "wilcoxon")
  paste0("{\n", paste0("            ", jstr(nm), ": ", sapply(nm, function(k) jtest(ts[[k]])), collapse = ",\n"),
         "\n          }")
}

jsecurity <- function(e) {
  if (e$status != "ok") {
    return(paste0("        ", jobj(c("symbol", "day0", "status", "reason"),
                                  c(jstr(e$symbol), jstr(e$day0), jstr(e$status), jstr(e$reason)))))
  }
  d <- e$days
  days <- sapply(seq_len(nrow(d)), function(i)
    paste0("            ", jobj(c("t", "date", "return", "benchmark_return", "ar", "ar_t", "ar_p", "car"),
                                c(jint(d$t[i]), jstr(d$date[i]), jnum(d$r[i]), jnum(d$rm[i]), jnum(d$ar[i]),
                                  jnum(d$ar_t[i]), jnum(d$ar_p[i]), jnum(d$car[i])))))
  cars <- sapply(e$cars, function(c)
    paste0("            ", jobj(c("window", "car", "se", "t", "p"),
                                c(jwin(c$window), jnum(c$car), jnum(c$se), jnum(c$t), jnum(c$p)))))
  coefs <- jobj(names(e$coefficients), sapply(unname(e$coefficients), jnum))
  head <- jobj(c("symbol", "day0", "status", "n", "df", "alpha", "beta", "r2", "sigma", "coefficients"),
               c(jstr(e$symbol), jstr(e$day0), jstr("ok"), jint(e$n), jint(e$df),
                 jnum(e$alpha), jnum(e$beta), jnum(e$r2), jnum(e$sigma), coefs))
  head <- sub("\\}$", "", head)
  paste0("        ", head, ",\n",
         "          \"days\": [\n", paste(days, collapse = ",\n"), "\n          ],\n",
         "          \"cars\": [\n", paste(cars, collapse = ",\n"), "\n          ]\n        }")
}

jcase <- function(c) {
  secs <- sapply(c$securities, jsecurity)
  pd <- sapply(c$portfolio$days, function(d)
    paste0("        {\"t\": ", jint(d$t), ", \"n\": ", jint(d$n), ", \"aar\": ", jnum(d$aar),
           ", \"caar\": ", jnum(d$caar), ",\n          \"tests\": ", jtests(d$tests), "}"))
  pc <- sapply(c$portfolio$cars, function(d)
    paste0("        {\"window\": ", jwin(d$window), ", \"n\": ", jint(d$n), ", \"caar\": ", jnum(d$caar),
           ",\n          \"tests\": ", jtests(d$tests), "}"))
  paste0("    {\n",
         "      \"name\": ", jstr(c$name), ", \"model\": ", jstr(c$model),
         ", \"factors\": ", jarr(jstr(c$factors)),
         ", \"benchmark\": ", if (is.na(c$benchmark)) "null" else jstr(c$benchmark),
         ", \"returns\": ", jstr(c$returns), ",\n",
         "      \"estimation\": ", jwin(EST), ", \"window\": ", jwin(WIN),
         ", \"car_windows\": ", jarr(sapply(CAR_WINDOWS, jwin)), ",\n",
         "      \"securities\": [\n", paste(secs, collapse = ",\n"), "\n      ],\n",
         "      \"rbar\": ", jnum(c$rbar), ",\n",
         "      \"portfolio\": {\n",
         "        \"days\": [\n", paste(pd, collapse = ",\n"), "\n        ],\n",
         "        \"cars\": [\n", paste(pc, collapse = ",\n"), "\n        ]\n",
         "      }\n    }")
}

json_doc <- function(results, command) {
  paste0("{\n",
         "  \"generated_by\": ", jstr(paste(R.version.string, "factor_study.R")), ",\n",
         "  \"command\": ", jstr(command), ",\n",
         "  \"factor_set\": ", jstr(FACTOR_SET), ",\n",
         "  \"factor_construction\": ", jstr(FACTOR_CONSTRUCTION), ",\n",
         "  \"cases\": [\n", paste(sapply(results, jcase), collapse = ",\n"), "\n  ]\n}\n")
}

# ---------------------------------------------------------------------------------------------
# The copied test functions must equal event_study.R's (stop otherwise; skipped, with a message,
# when event_study.R is not found next to this file).

COPIED <- c("na_test", "ok_test", "cs_t", "patell", "bmp", "kp_factor_ok", "kp_bmp", "kp_patell",
            "gen_sign", "wilcoxon", "jnum", "jint", "jstr", "jobj", "jarr", "jwin", "jtest", "jtests")

check_copies <- function(es_path) {
  if (!file.exists(es_path)) {
    message("event_study.R not found at ", es_path, "; copied test functions NOT compared")
    return(invisible(FALSE))
  }
  ex <- parse(es_path, keep.source = FALSE)
  found <- character(0)
  for (e in ex) {
    if (is.call(e) && identical(e[[1]], as.name("<-")) && is.name(e[[2]]) &&
        as.character(e[[2]]) %in% COPIED) {
      nm <- as.character(e[[2]])
      theirs <- eval(e[[3]], envir = new.env(parent = baseenv()))
      if (!identical(deparse(theirs), deparse(get(nm)))) stop("copied function ", nm, " differs from event_study.R")
      found <- c(found, nm)
    }
  }
  miss <- setdiff(COPIED, found)
  if (length(miss)) stop("not found in event_study.R: ", paste(miss, collapse = ", "))
  message(sprintf("copied test/JSON functions identical to event_study.R (%d functions)", length(found)))
  invisible(TRUE)
}

script_dir <- function() {
  a <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(a)) dirname(sub("^--file=", "", a[1])) else file.path("test", "reference")
}

main <- function(args) {
  data_dir <- if (length(args) >= 1) args[1] else "../shared/market-data"
  out_path <- if (length(args) >= 2 && args[2] != "-") args[2] else NA_character_
  fac_path <- if (length(args) >= 3) args[3] else NA_character_

  check_copies(file.path(script_dir(), "event_study.R"))
  fac <- build_factors(data_dir)
  if (!is.na(fac_path)) write_factors_csv(fac, fac_path)
  results <- lapply(CASES, run_case, data_dir = data_dir, fac = fac)

  json <- json_doc(results, "Rscript test/reference/factor_study.R ../shared/market-data test/reference/golden/factor-studies.json")
  if (is.na(out_path)) cat(json) else {
    dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
    writeLines(json, out_path, sep = "")
  }
  message(sprintf("etf4 factors: %d dates, %s .. %s%s", nrow(fac), fac$date[1], fac$date[nrow(fac)],
                  if (is.na(fac_path)) "" else paste0(" -> ", fac_path)))
  message(sprintf(paste0("self-checks, max relative difference: (X'X)^-1 vs vcov/s^2 %.3g; ",
                         "closed form C_t %.3g, Var(CAR) %.3g; dummy regression AR %.3g, s %.3g, ",
                         "Var(CAR) %.3g (%d CAR windows)"),
                  chk$vcov, chk$closed_C, chk$closed_car, chk$dummy_ar, chk$dummy_s, chk$dummy_car, chk$n_car))
  invisible(results)
}

if (sys.nframe() == 0L) main(commandArgs(trailingOnly = TRUE))
