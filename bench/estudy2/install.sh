#!/usr/bin/env bash
# Installs the R package estudy2 for `npm run bench:estudy2` (issue #12's side-by-side benchmark).
#
#   bench/estudy2/install.sh [SOURCE]
#
# SOURCE is either a source directory of estudy2 or a git directory holding its history: a
# `git clone https://github.com/irudnyts/estudy2` or the mirror the project's search tool `fetch`
# returns (/work/.mirror/irudnyts+estudy2/repo, a bare repository without a work tree). Without
# SOURCE the script clones from GitHub. A git source is checked out at ESTUDY2_COMMIT, the commit
# the README's figures were measured with (estudy2 0.10.0; the repository is archived, so HEAD
# should not move, but a pin keeps the figures reproducible).
#
# Dependencies (DESCRIPTION: quantmod, zoo, matrixStats, Rcpp, curl; a C++ compiler for its Rcpp
# code) come from Debian's r-cran-* packages, not CRAN, so the versions are those of the distro
# (bookworm: R 4.2.2, zoo 1.8-11, matrixStats 0.63.0, Rcpp 1.0.10). apt-get runs only when one
# is missing, and through sudo when not root. Set R_LIBS_USER to install estudy2 into a user
# library instead of the site library.
set -euo pipefail

ESTUDY2_COMMIT=${ESTUDY2_COMMIT:-14946383b9d168b1b97ebdd2a1797a2b93ba1eb4}
SOURCE=${1:-}

have_r_package() { Rscript -e "quit(status = if (requireNamespace('$1', quietly = TRUE)) 0 else 1)" >/dev/null 2>&1; }

apt_packages=()
command -v Rscript >/dev/null 2>&1 || apt_packages+=(r-base-core)
command -v g++ >/dev/null 2>&1 || apt_packages+=(g++ make)
for pair in quantmod:r-cran-quantmod zoo:r-cran-zoo matrixStats:r-cran-matrixstats Rcpp:r-cran-rcpp curl:r-cran-curl; do
  if ! command -v Rscript >/dev/null 2>&1 || ! have_r_package "${pair%%:*}"; then apt_packages+=("${pair#*:}"); fi
done
if [ ${#apt_packages[@]} -gt 0 ]; then
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get install -y --no-install-recommends "${apt_packages[@]}"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$SOURCE" ]; then
  git clone --quiet https://github.com/irudnyts/estudy2 "$work/clone"
  SOURCE="$work/clone"
fi
if [ -d "$SOURCE/.git" ]; then
  gitdir="$SOURCE/.git" # a clone
elif [ -f "$SOURCE/DESCRIPTION" ]; then
  gitdir="" # a plain source tree: installed as it is, unpinned
else
  gitdir="$SOURCE" # a bare repository, such as the mirror
fi
if [ -z "$gitdir" ]; then
  src="$SOURCE"
else
  mkdir -p "$work/src"
  git --git-dir="$gitdir" archive "$ESTUDY2_COMMIT" | tar -x -C "$work/src"
  src="$work/src"
fi

lib_args=()
if [ -n "${R_LIBS_USER:-}" ]; then
  mkdir -p "$R_LIBS_USER"
  lib_args=(--library="$R_LIBS_USER")
fi
# Vignettes and help pages are not needed to run the benchmark (and the vignettes need knitr).
R CMD INSTALL --no-docs --no-html "${lib_args[@]}" "$src"
Rscript -e 'cat("estudy2", format(packageVersion("estudy2")), "installed\n")'
