package dev.jgrad.optim;

/**
 * The strong-Wolfe line search of PyTorch's {@code lbfgs.py} ({@code _strong_wolfe} and
 * {@code _cubic_interpolate}), ported statement by statement: bracketing with cubic extrapolation,
 * then zoom with cubic interpolation and the insufficient-progress safeguard.
 */
final class StrongWolfe {
    private StrongWolfe() {}

    /** Loss and flat gradient at {@code x + t·d} (parameters are restored to x afterwards). */
    interface Objective {
        Evaluation at(double[] x, double t, double[] d);
    }

    record Evaluation(double loss, double[] grad) {}

    record Result(double loss, double[] grad, double t, int funcEvals) {}

    /** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double[] bounds) {
        double xminBound, xmaxBound;
        if (bounds != null) {
            xminBound = bounds[0];
            xmaxBound = bounds[1];
        } else {
            xminBound = x1 <= x2 ? x1 : x2;
            xmaxBound = x1 <= x2 ? x2 : x1;
        }
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, xminBound), xmaxBound);
        }
        return (xminBound + xmaxBound) / 2.;
    }

    static Result search(Objective obj, double[] x, double t, double[] d, double f, double[] g, double gtd,
                         double c1, double c2, double toleranceChange, int maxLs) {
        double dNorm = 0;
        for (double v : d) dNorm = Math.max(dNorm, Math.abs(v));
        g = g.clone();
        Evaluation e = obj.at(x, t, d);
        double fNew = e.loss();
        double[] gNew = e.grad();
        int lsFuncEvals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        double[] gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = null;
        double[][] bracketG = null;
        while (lsIter < maxLs) {
            if (fNew > (f + c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, new double[] {minStep, maxStep});
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.grad();
            lsFuncEvals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new double[][] {g, gNew};
        }
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null);
            double bMax = Math.max(bracket[0], bracket[1]), bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            e = obj.at(x, t, d);
            fNew = e.loss();
            gNew = e.grad();
            lsFuncEvals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > (f + c1 * t * gtd) || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
