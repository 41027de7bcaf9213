#!/usr/bin/env Rscript
# Independent reference implementation of the event study described in docs/conventions.md.
#
# Base R only. The market / constant-mean models are fitted with lm(); the prediction-error
# corrected variances of AR and CAR are computed from the model matrix,
#   Var(AR_t)  = s^2 (1 + x_t' (X'X)^-1 x_t)
#   Var(CAR)   = s^2 (L + iota' X* (X'X)^-1 X*' iota)
# and NOT from the closed forms in docs/conventions.md (the closed forms are only evaluated as a
# self-check: the script stops if the two disagree beyond 1e-10 relative).
#
# Usage (from the project root):
#   Rscript test/reference/event_study.R ../shared/market-data test/reference/golden/event-studies.json
# With no second argument the JSON goes to stdout.

options(warn = 1)

args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/market-data"
out_path <- if (length(args) >= 2) args[2] else NA_character_

EST <- c(-250L, -11L)
WIN <- c(-5L, 5L)
CAR_WINDOWS <- list(c(0L, 0L), c(0L, 1L), c(-1L, 1L), c(-5L, 5L))
MIN_OBS <- 100L
MIN_PAIR_DATES <- 30L

cyber <- c("AVGO", "PANW", "FTNT", "CHKP", "GOOGL", "CRWD", "S", "RPD", "MA")
same_day <- function(syms, day0) lapply(syms, function(s) list(symbol = s, day0 = day0))

CASES <- list(
  list(name = "china-cyber-2026-cibr", benchmark = "CIBR", model = "market", returns = "simple",
       events = same_day(cyber, "2026-01-14")),
  list(name = "china-cyber-2026-spy-log", benchmark = "SPY", model = "market", returns = "log",
       events = same_day(cyber, "2026-01-14")),
  list(name = "china-cyber-2026-spy-constant-mean", benchmark = "SPY", model = "constant_mean",
       returns = "simple", events = same_day(cyber, "2026-01-14")),
  list(name = "china-cyber-2026-spy-market-adjusted", benchmark = "SPY", model = "market_adjusted",
       returns = "simple", events = same_day(cyber, "2026-01-14")),
  list(name = "micron-cac-2023", benchmark = "SMH", model = "market", returns = "simple",
       events = same_day("MU", "2023-05-22")),
  list(name = "bis-ai-chip-rules-2023", benchmark = "SMH", model = "market", returns = "simple",
       events = same_day(c("NVDA", "AMD", "INTC", "AVGO", "MRVL", "AMAT", "LRCX", "KLAC"),
                         "2023-10-17")),
  list(name = "nvidia-h20-licence-2025", benchmark = "SMH", model = "market", returns = "simple",
       events = same_day(c("NVDA", "AMD"), "2025-04-16")),
  list(name = "mixed-dates", benchmark = "SPY", model = "market", returns = "simple",
       events = list(list(symbol = "NVDA", day0 = "2025-04-16"),
                     list(symbol = "MU", day0 = "2023-05-22"),
                     list(symbol = "ILMN", day0 = "2025-03-04"),
                     list(symbol = "QCOM", day0 = "2025-10-10")))
)

# ---------------------------------------------------------------------------------------------
# Data

price_cache <- new.env()
read_prices <- function(sym) {
  if (!is.null(price_cache[[sym]])) return(price_cache[[sym]])
  f <- file.path(data_dir, "daily", paste0(sym, ".csv"))
  d <- read.csv(f, colClasses = c(date = "character"), stringsAsFactors = FALSE)
  d <- d[!is.na(d$close), c("date", "close")]
  d <- d[order(d$date), ]
  price_cache[[sym]] <- d
  d
}

# Returns from the security's own consecutive stored rows; the first row has no return.
returns_of <- function(sym, type) {
  p <- read_prices(sym)
  n <- nrow(p)
  r <- if (type == "log") log(p$close[-1] / p$close[-n]) else p$close[-1] / p$close[-n] - 1
  data.frame(date = p$date[-1], r = r, stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------------------------------------
# Per security-event

fit_event <- function(ev, bench, model, rtype) {
  rs <- returns_of(ev$symbol, rtype)
  rb <- returns_of(bench, rtype)
  a <- merge(rs, rb, by = "date", suffixes = c("", "_m"))   # inner join on date
  a <- a[order(a$date), ]
  names(a) <- c("date", "r", "rm")
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

  alpha <- NA_real_; beta <- NA_real_; r2 <- NA_real_
  if (model == "market") {
    fit <- lm(r ~ rm, data = E)
    sm <- summary(fit)
    alpha <- unname(coef(fit)[1]); beta <- unname(coef(fit)[2]); r2 <- sm$r.squared
    s <- sm$sigma; df <- fit$df.residual
    resid_E <- unname(residuals(fit))
    X <- model.matrix(fit)
    Xw <- cbind(1, W$rm)
    ar_W <- W$r - drop(Xw %*% coef(fit))
    ar_E_chk <- E$r - drop(X %*% coef(fit))
  } else if (model == "constant_mean") {
    fit <- lm(r ~ 1, data = E)
    sm <- summary(fit)
    alpha <- unname(coef(fit)[1])
    s <- sm$sigma; df <- fit$df.residual
    resid_E <- unname(residuals(fit))
    X <- model.matrix(fit)
    Xw <- matrix(1, nrow(W), 1)
    ar_W <- W$r - drop(Xw %*% coef(fit))
    ar_E_chk <- E$r - drop(X %*% coef(fit))
  } else if (model == "market_adjusted") {
    resid_E <- E$r - E$rm
    s <- sd(resid_E); df <- M - 1L
    X <- NULL; Xw <- NULL
    ar_W <- W$r - W$rm
    ar_E_chk <- resid_E
  } else stop("unknown model ", model)
  stopifnot(max(abs(ar_E_chk - resid_E)) < 1e-14)

  # prediction-error factors from the model matrix
  if (!is.null(X)) {
    XtXi <- solve(crossprod(X))
    C_t <- 1 + rowSums((Xw %*% XtXi) * Xw)
  } else {
    C_t <- rep(1, nrow(W))
  }
  # closed-form check (docs/conventions.md table)
  if (model == "market") {
    mRm <- mean(E$rm); SSm <- sum((E$rm - mRm)^2)
    C_closed <- 1 + 1 / M + (W$rm - mRm)^2 / SSm
  } else if (model == "constant_mean") {
    C_closed <- rep(1 + 1 / M, nrow(W))
  } else C_closed <- rep(1, nrow(W))
  chk_C <- max(abs(C_t / C_closed - 1))
  if (chk_C > 1e-10) stop(sprintf("C_t closed form disagrees with matrix form for %s: %g", ev$symbol, chk_C))

  sar <- ar_W / (s * sqrt(C_t))
  days <- data.frame(t = W$t, date = W$date, r = W$r, rm = W$rm, ar = ar_W,
                     ar_t = sar, ar_p = 2 * pt(-abs(sar), df), car = cumsum(ar_W),
                     stringsAsFactors = FALSE)

  cars <- lapply(CAR_WINDOWS, function(w) {
    idx <- which(W$t >= w[1] & W$t <= w[2])
    L <- w[2] - w[1] + 1L
    if (length(idx) != L) return(list(window = w, car = NA, se = NA, t = NA, p = NA))
    car <- sum(ar_W[idx])
    if (!is.null(X)) {
      g <- colSums(Xw[idx, , drop = FALSE])            # iota' X*
      v <- L + drop(t(g) %*% XtXi %*% g)
    } else v <- L
    if (model == "market") {
      v_closed <- L + L^2 / M + (sum(W$rm[idx] - mRm))^2 / SSm
    } else if (model == "constant_mean") {
      v_closed <- L + L^2 / M
    } else v_closed <- L
    rel <- abs(v / v_closed - 1)
    chk_log[[length(chk_log) + 1]] <<- rel
    if (rel > 1e-10) stop(sprintf("Var(CAR) closed form disagrees with matrix form for %s [%d,%d]: %g",
                                  ev$symbol, w[1], w[2], rel))
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
               alpha = alpha, beta = beta, r2 = r2, sigma = s,
               days = days, cars = cars,
               resid_dates = E$date, resid = resid_E,
               p_pos = mean(resid_E > 0),
               U = data.frame(t = comb_t, U = U)))
}

chk_log <- list()

# ---------------------------------------------------------------------------------------------
# Tests

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
# Case

run_case <- function(cs) {
  evs <- lapply(cs$events, fit_event, bench = cs$benchmark, model = cs$model, rtype = cs$returns)
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

  list(name = cs$name, benchmark = cs$benchmark, model = cs$model, returns = cs$returns,
       securities = evs, rbar = rbar, portfolio = list(days = pdays, cars = pcars))
}

# ---------------------------------------------------------------------------------------------
# JSON (hand-written, full precision)

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

jsecurity <- function(e, model) {
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
  head <- jobj(c("symbol", "day0", "status", "n", "df", "alpha", "beta", "r2", "sigma"),
               c(jstr(e$symbol), jstr(e$day0), jstr("ok"), jint(e$n), jint(e$df),
                 jnum(e$alpha), jnum(e$beta), jnum(e$r2), jnum(e$sigma)))
  head <- sub("\\}$", "", head)
  paste0("        ", head, ",\n",
         "          \"days\": [\n", paste(days, collapse = ",\n"), "\n          ],\n",
         "          \"cars\": [\n", paste(cars, collapse = ",\n"), "\n          ]\n        }")
}

jcase <- function(c) {
  secs <- sapply(c$securities, jsecurity, model = c$model)
  pd <- sapply(c$portfolio$days, function(d)
    paste0("        {\"t\": ", jint(d$t), ", \"n\": ", jint(d$n), ", \"aar\": ", jnum(d$aar),
           ", \"caar\": ", jnum(d$caar), ",\n          \"tests\": ", jtests(d$tests), "}"))
  pc <- sapply(c$portfolio$cars, function(d)
    paste0("        {\"window\": ", jwin(d$window), ", \"n\": ", jint(d$n), ", \"caar\": ", jnum(d$caar),
           ",\n          \"tests\": ", jtests(d$tests), "}"))
  paste0("    {\n",
         "      \"name\": ", jstr(c$name), ", \"benchmark\": ", jstr(c$benchmark),
         ", \"model\": ", jstr(c$model), ", \"returns\": ", jstr(c$returns), ",\n",
         "      \"estimation\": ", jwin(EST), ", \"window\": ", jwin(WIN),
         ", \"car_windows\": ", jarr(sapply(CAR_WINDOWS, jwin)), ",\n",
         "      \"securities\": [\n", paste(secs, collapse = ",\n"), "\n      ],\n",
         "      \"rbar\": ", jnum(c$rbar), ",\n",
         "      \"portfolio\": {\n",
         "        \"days\": [\n", paste(pd, collapse = ",\n"), "\n        ],\n",
         "        \"cars\": [\n", paste(pc, collapse = ",\n"), "\n        ]\n",
         "      }\n    }")
}

results <- lapply(CASES, run_case)

json <- paste0("{\n",
               "  \"generated_by\": ", jstr(paste(R.version.string, "event_study.R")), ",\n",
               "  \"command\": ", jstr("Rscript test/reference/event_study.R ../shared/market-data test/reference/golden/event-studies.json"), ",\n",
               "  \"cases\": [\n", paste(sapply(results, jcase), collapse = ",\n"), "\n  ]\n}\n")

if (is.na(out_path)) cat(json) else {
  dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
  writeLines(json, out_path, sep = "")
}
message(sprintf("closed-form vs matrix Var(CAR): max relative difference %.3g over %d windows",
                max(unlist(chk_log)), length(chk_log)))
