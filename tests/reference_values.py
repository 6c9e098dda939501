"""Reference values the tests compare against, each with the call or calculation that produced it.

Values come from independent implementations (R's metafor, statsmodels), published tables (e.g. Miller
1978) or hand calculations written out beside them; never from this package's own output.
"""

from __future__ import annotations

# --- core: intervals --------------------------------------------------------------------------------
# Wilson score interval, 5 of 10, z = 1.959964 (hand): centre 0.5, half-width
# z/(1+z²/10)·sqrt(0.025 + z²/400) = 0.26341.
WILSON_5_OF_10 = (0.23659, 0.76341)

# --- core: meta-analysis -----------------------------------------------------------------------------
# R 4.2, metafor 3.8-1: printed by `Rscript tests/crosscheck/metafor_reference.R` (`make crosscheck`),
# pasted unchanged below. For each set, measure "PLO" (logit) / "PFT" (Freeman–Tukey) and method:
#   dat <- escalc(measure, xi = cases, ni = n)   # defaults add = 1/2, to = "only0"; "PFT" adds nothing
#   res <- rma(yi, vi, data = dat, method = method,
#              control = list(threshold = 1e-15, maxiter = 10000, stepadj = 0.5, tol = 1e-15))
#   mu, se = res$b, res$se; tau2, i2 (%), h2, q, q_pvalue = res$tau2, res$I2, res$H2, res$QE, res$QEp
#   predict(res, transf = transf.ilogit | transf.ipft.hm, targs = list(ni = n)): estimate, ci_*, pi_z_*
#   back(res$b -+ qt(0.975, k - 2) * sqrt(res$tau2 + res$se^2)): pi_t_* (NAN for k = 2)
#   confint(res, control = list(tol = 1e-15, tau2.max = 1e4))$random: tau2_ci_*, i2_ci_* (Q-profile)
# REML was checked against the restricted log-likelihood on a grid of 20,000 tau² (no lower peak).
# Proportions 0-1, tau² on the transformed scale. NAN: no value (k = 2 has no t prediction interval).
NAN = float("nan")
METAFOR_SETS = {  # name: (cases, n)
    "six": ((58, 3, 42, 14, 1772, 11), (11177743, 352353, 952000, 712572, 25743039, 419306)),
    "europe": ((42, 14), (952000, 712572)),
    "w2006": ((3, 42, 14, 11), (352353, 952000, 712572, 419306)),
    "homogeneous": ((20, 24, 18, 22, 21), (200, 210, 190, 205, 199)),
    "q_below_df": ((0, 1, 2), (50, 60, 70)),
    "zero_and_one": ((0, 4, 9, 16, 20), (10, 10, 15, 20, 20)),
    "reml_two_peaks": ((210, 0, 148), (5000, 500, 5000)),
    "reml_oscillating": ((0, 15, 87), (500, 500, 5000)),
}  # fmt: skip
METAFOR_FIELDS = (
    "mu", "se", "estimate", "ci_lower", "ci_upper", "pi_z_lower", "pi_z_upper", "pi_t_lower",
    "pi_t_upper", "tau2", "tau2_ci_lower", "tau2_ci_upper", "i2", "i2_ci_lower", "i2_ci_upper",
    "h2", "q", "q_pvalue",
)  # fmt: skip
METAFOR = {  # (set, method, transform): values of METAFOR_FIELDS; method "all": DL, REML and PM agree
    ("six", "DL", "logit"): (
        -10.7835916, 0.54446448, 2.07365574e-05, 7.13335045e-06, 6.02793403e-05, 1.30416718e-06,
        0.000329620581, 4.1195514e-07, 0.00104276902, 1.69569453, 0.328471647, 5.68449724,
        98.808384, 94.1391254, 99.6415418, 83.9196498, 419.598249, 1.76835129e-88,
    ),
    ("six", "REML", "logit"): (
        -10.7685868, 0.411004307, 2.10500461e-05, 9.40612199e-06, 4.71074107e-05, 2.68530027e-06,
        0.00016499041, 1.13883184e-06, 0.000388951398, 0.934825525, 0.328471647, 5.68449724,
        97.8592716, 94.1391254, 99.6415418, 46.7130715, 419.598249, 1.76835129e-88,
    ),
    ("six", "PM", "logit"): (
        -10.767469, 0.404120853, 2.10735878e-05, 9.54454424e-06, 4.65281431e-05, 2.78871205e-06,
        0.000159228655, 1.20089391e-06, 0.000369683036, 0.901474553, 0.328471647, 5.68449724,
        97.7818299, 94.1391254, 99.6415418, 45.0822053, 419.598249, 1.76835129e-88,
    ),
    ("six", "DL", "freeman-tukey"): (
        0.00503680201, 0.00159231804, 2.47229408e-05, 3.04912549e-06, 6.58976523e-05, 0,
        0.000174081159, 0, 0.000275797992, 1.48922054e-05, 1.8097175e-06, 2.96886204e-05,
        99.5669927, 96.5449247, 99.7823281, 230.942986, 1154.71493, 1.89015428e-247,
    ),
    ("six", "REML", "freeman-tukey"): (
        0.00505597019, 0.000941336546, 2.49163662e-05, 9.67023584e-06, 4.69742982e-05, 0,
        9.56405396e-05, 0, 0.000138454944, 5.00443275e-06, 1.8097175e-06, 2.96886204e-05,
        98.7223861, 96.5449247, 99.7823281, 78.2709066, 1154.71493, 1.89015428e-247,
    ),
    ("six", "PM", "freeman-tukey"): (
        0.00505698503, 0.00092513567, 2.49266275e-05, 9.88153713e-06, 4.65510286e-05, 0,
        9.39787673e-05, 0, 0.000135617924, 4.82345487e-06, 1.8097175e-06, 2.96886204e-05,
        98.6750846, 96.5449247, 99.7823281, 75.476519, 1154.71493, 1.89015428e-247,
    ),
    ("europe", "all", "logit"): (
        -10.4036502, 0.403404047, 3.03206823e-05, 1.37520683e-05, 6.68499755e-05, 8.2345677e-06,
        0.000111637836, NAN, NAN, 0.279581949, 0.0175090319, 333.128749,
        85.4462252, 26.883492, 99.9857072, 6.87106965, 6.87106965, 0.00876022024,
    ),
    ("europe", "all", "freeman-tukey"): (
        0.00561620511, 0.00108538655, 3.09310028e-05, 1.1566577e-05, 5.9349156e-05, 3.795547e-06,
        8.28841465e-05, NAN, NAN, 2.05023057e-06, 1.62426316e-07, 0.00239968094,
        86.9864567, 34.6214396, 99.9872198, 7.68430225, 7.68430225, 0.00557032125,
    ),
    ("w2006", "DL", "logit"): (
        -10.632423, 0.299549013, 2.41205318e-05, 1.3409573e-05, 4.33865477e-05, 7.59499493e-06,
        7.66003323e-05, 1.90837291e-06, 0.000304788271, 0.257895968, 0.0260758398, 6.3788093,
        77.5321431, 25.8660906, 98.8419532, 4.45080278, 13.3524083, 0.00393329313,
    ),
    ("w2006", "REML", "logit"): (
        -10.6316704, 0.298471208, 2.41386922e-05, 1.34480473e-05, 4.33275923e-05, 7.63977193e-06,
        7.6266112e-05, 1.93142078e-06, 0.000301605806, 0.25546353, 0.0260758398, 6.3788093,
        77.3666316, 25.8660906, 98.8419532, 4.4182553, 13.3524083, 0.00393329313,
    ),
    ("w2006", "PM", "logit"): (
        -10.6429806, 0.315553496, 2.38672218e-05, 1.2858995e-05, 4.4298867e-05, 6.96595505e-06,
        8.1772121e-05, 1.59851891e-06, 0.00035624703, 0.295214359, 0.0260758398, 6.3788093,
        79.7985725, 25.8660906, 98.8419532, 4.95014523, 13.3524083, 0.00393329313,
    ),
    ("w2006", "DL", "freeman-tukey"): (
        0.00496890729, 0.000755677912, 2.37396146e-05, 1.12240941e-05, 4.06480566e-05, 2.86193483e-06,
        6.30213858e-05, 0, 0.000134061736, 1.8185182e-06, 2.57787852e-07, 2.97480934e-05,
        80.7736571, 37.3256671, 98.5657935, 5.20119714, 15.6035914, 0.00136717318,
    ),
    ("w2006", "REML", "freeman-tukey"): (
        0.00497218125, 0.000739770692, 2.37721485e-05, 1.14652316e-05, 4.02889354e-05, 3.17084474e-06,
        6.18637962e-05, 0, 0.000130288929, 1.72396968e-06, 2.57787852e-07, 2.97480934e-05,
        79.9308346, 37.3256671, 98.5657935, 4.98276824, 15.6035914, 0.00136717318,
    ),
    ("w2006", "PM", "freeman-tukey"): (
        0.00497277596, 0.000736985815, 2.37780606e-05, 1.15078446e-05, 4.02265007e-05, 3.22647764e-06,
        6.16621014e-05, 0, 0.000129632944, 1.70762925e-06, 2.57787852e-07, 2.97480934e-05,
        79.7776269, 37.3256671, 98.5657935, 4.94501805, 15.6035914, 0.00136717318,
    ),
    ("homogeneous", "all", "logit"): (
        -2.14533705, 0.10315594, 0.104767763, 0.0872631797, 0.125301643, 0.0872631797,
        0.125301643, 0.0777279535, 0.13978837, 0, 0, 0,
        0, 0, 0, 1, 0.470184278, 0.976337879,
    ),
    ("homogeneous", "all", "freeman-tukey"): (
        0.332335812, 0.0157602505, 0.104490959, 0.0861130593, 0.124378678, 0.0861130593,
        0.124378678, 0.0754462692, 0.13751425, 0, 0, 0,
        0, 0, 0, 1, 0.452606553, 0.977947688,
    ),
    ("q_below_df", "all", "logit"): (
        -3.84233317, 0.540636235, 0.0209933407, 0.00737716963, 0.058265918, 0.00737716963,
        0.058265918, 2.22806907e-05, 0.953783575, 0, 0, 10.4612159,
        0, 0, 91.128029, 1, 0.544044078, 0.761837471,
    ),
    ("q_below_df", "all", "freeman-tukey"): (
        0.14424899, 0.037113481, 0.0133632752, 0.000166266251, 0.0390095098, 0.000166266251,
        0.0390095098, 0, 0.330855951, 0, 0, 0.141129815,
        0, 0, 97.1299324, 1, 1.67115819, 0.4336233,
    ),
    ("zero_and_one", "DL", "logit"): (
        0.445569964, 0.68885942, 0.609585438, 0.288112331, 0.857625867, 0.0855440875,
        0.963046356, 0.0159062988, 0.993413637, 1.58809486, 0.435492398, 48.5490078,
        74.2706667, 44.1832395, 98.8794957, 3.88661451, 15.546458, 0.00369223213,
    ),
    ("zero_and_one", "REML", "logit"): (
        0.433779266, 0.883300713, 0.60677576, 0.214593088, 0.89706373, 0.0324553244,
        0.986108039, 0.00307017553, 0.998708301, 3.03571628, 0.435492398, 48.5490078,
        84.6576262, 44.1832395, 98.8794957, 6.51789622, 15.546458, 0.00369223213,
    ),
    ("zero_and_one", "PM", "logit"): (
        0.42901473, 1.00949097, 0.605638371, 0.175151095, 0.917403545, 0.0171797595,
        0.992643036, 0.00107076073, 0.999545721, 4.19560615, 0.435492398, 48.5490078,
        88.4073833, 44.1832395, 98.8794957, 8.62618018, 15.546458, 0.00369223213,
    ),
    ("zero_and_one", "DL", "freeman-tukey"): (
        0.864593452, 0.208762752, 0.584445115, 0.17221689, 0.941393604, 0,
        1, 0, 1, 0.200407472, 0.0660370287, 1.92508411,
        92.4050669, 80.0362809, 99.1516166, 13.166673, 52.666692, 1.00061253e-10,
    ),
    ("zero_and_one", "REML", "freeman-tukey"): (
        0.863993671, 0.216046755, 0.583810949, 0.159859174, 0.949086908, 0,
        1, 0, 1, 0.215870752, 0.0660370287, 1.92508411,
        92.9105385, 80.0362809, 99.1516166, 14.1054437, 52.666692, 1.00061253e-10,
    ),
    ("zero_and_one", "PM", "freeman-tukey"): (
        0.863958864, 0.216493074, 0.583774142, 0.159113613, 0.949546729, 0,
        1, 0, 1, 0.216835526, 0.0660370287, 1.92508411,
        92.9398549, 80.0362809, 99.1516166, 14.1640149, 52.666692, 1.00061253e-10,
    ),
    ("reml_two_peaks", "DL", "logit"): (
        -3.38957479, 0.219498313, 0.0326228718, 0.0214618344, 0.0492957105, 0.0159040444,
        0.0657429233, 0.00028629029, 0.798841333, 0.0926708468, 0.0516164627, 170.622701,
        88.6371047, 81.2902916, 99.9930378, 8.80057391, 17.6011478, 0.000150646593,
    ),
    ("reml_two_peaks", "REML", "logit"): (
        -4.02436738, 0.88776634, 0.0175608333, 0.00312759814, 0.0924251151, 0.00069258173,
        0.315540317, 1.26435652e-11, 0.99999996, 1.96151817, 0.0516164627, 170.622701,
        99.3979926, 81.2902916, 99.9930378, 166.110906, 17.6011478, 0.000150646593,
    ),
    ("reml_two_peaks", "PM", "logit"): (
        -4.14297711, 1.08010655, 0.0156274244, 0.00190770071, 0.116499264, 0.000286150337,
        0.468231059, 7.84387079e-14, 1, 3.03127683, 0.0516164627, 170.622701,
        99.6096158, 81.2902916, 99.9930378, 256.157903, 17.6011478, 0.000150646593,
    ),
    ("reml_two_peaks", "DL", "freeman-tukey"): (
        0.139464486, 0.0312444319, 0.0189420513, 0.00571830711, 0.0393762621, 9.8078489e-05,
        0.0652469009, 0, 0.627669121, 0.00274333046, 0.00227297535, 0.38036061,
        96.9096546, 96.2938587, 99.9770056, 32.3588424, 64.7176848, 8.8457225e-15,
    ),
    ("reml_two_peaks", "REML", "freeman-tukey"): (
        0.13581444, 0.0558204383, 0.0179492331, 0.000355085208, 0.0585851668, 0,
        0.119154056, 0, 0.999585555, 0.00915265912, 0.00227297535, 0.38036061,
        99.0532409, 96.2938587, 99.9770056, 105.623486, 64.7176848, 8.8457225e-15,
    ),
    ("reml_two_peaks", "PM", "freeman-tukey"): (
        0.135787935, 0.0562524223, 0.0179421177, 0.00031370024, 0.0589723765, 0,
        0.1202465, 0, 0.999979784, 0.00929782904, 0.00227297535, 0.38036061,
        99.0678851, 96.2938587, 99.9770056, 107.282914, 64.7176848, 8.8457225e-15,
    ),
    ("reml_oscillating", "DL", "logit"): (
        -3.96589619, 0.362146743, 0.0185985826, 0.00923304209, 0.0371082522, 0.00569770248,
        0.0589773286, 8.12994146e-06, 0.977863804, 0.241263547, 0.0126428784, 132.705658,
        75.6383773, 13.993366, 99.941479, 4.10481688, 8.20963375, 0.0164930388,
    ),
    ("reml_oscillating", "REML", "logit"): (
        -4.1003183, 0.5216929, 0.0162973956, 0.00592390676, 0.0440315281, 0.00273516672,
        0.0909729506, 1.43087595e-07, 0.999478965, 0.569866276, 0.0126428784, 132.705658,
        88.0003845, 13.993366, 99.941479, 8.33360035, 8.20963375, 0.0164930388,
    ),
    ("reml_oscillating", "PM", "logit"): (
        -4.40861585, 0.918334971, 0.0120256384, 0.00200817384, 0.068579807, 0.000425094755,
        0.258369881, 4.38336382e-12, 0.99999997, 2.08533266, 0.0126428784, 132.705658,
        96.4075445, 13.993366, 99.941479, 27.836114, 8.20963375, 0.0164930388,
    ),
    ("reml_oscillating", "DL", "freeman-tukey"): (
        0.111459398, 0.0364325116, 0.0116989217, 0.000981806202, 0.0324186885, 0,
        0.0604292398, 0, 0.71502892, 0.00364399974, 0.00123665858, 0.249473058,
        92.7354014, 81.2459066, 99.8857058, 13.7653856, 27.5307711, 1.05140251e-06,
    ),
    ("reml_oscillating", "REML", "freeman-tukey"): (
        0.1111588, 0.0449125814, 0.0116325149, 6.43208148e-05, 0.0385108769, 0,
        0.0776209629, 0, 0.887588349, 0.0057093531, 0.00123665858, 0.249473058,
        95.2382258, 81.2459066, 99.8857058, 21.000576, 27.5307711, 1.05140251e-06,
    ),
    ("reml_oscillating", "PM", "freeman-tukey"): (
        0.111146073, 0.0454208163, 0.0116297072, 3.99539266e-05, 0.0388937498, 0,
        0.0787110471, 0, 0.89580201, 0.00584691201, 0.00123665858, 0.249473058,
        95.3450401, 81.2459066, 99.8857058, 21.482462, 27.5307711, 1.05140251e-06,
    ),
}  # fmt: skip
# weights(rma(yi, vi, data = six, method = "DL")), percent
METAFOR_SIX_DL_LOGIT_WEIGHTS = (
    17.3060506, 14.6100091, 17.2399355, 16.7753641, 17.4761984, 16.5924423,
)  # fmt: skip
# leave1out(rma(yi, vi, data = six, method, control = tight), transf = transf.ilogit): estimate,
# ci.lb, ci.ub and tau2 without each study, in the order of METAFOR_SETS["six"]
METAFOR_SIX_LEAVE1OUT_LOGIT = {
    "DL": (
        (3.0621682e-05, 1.71964788e-05, 5.45273013e-05, 0.353371635),
        (2.4148174e-05, 7.62335289e-06, 7.6490414e-05, 1.69025778),
        (1.76095926e-05, 4.31896487e-06, 7.17961545e-05, 2.47358316),
        (2.09284803e-05, 6.24335883e-06, 7.01523282e-05, 1.81867188),
        (1.61284934e-05, 5.6183471e-06, 4.62988811e-05, 1.34859681),
        (1.97552664e-05, 5.89890927e-06, 6.61576282e-05, 1.81961441),
    ),
    "REML": (
        (2.99991644e-05, 1.58710629e-05, 5.67031048e-05, 0.444356582),
        (2.41869896e-05, 9.97947665e-06, 5.86201716e-05, 0.980477616),
        (1.79248368e-05, 7.1125959e-06, 4.51726064e-05, 1.02075831),
        (2.11814115e-05, 7.93822042e-06, 5.65167328e-05, 1.17138284),
        (1.6275221e-05, 7.33802372e-06, 3.60969035e-05, 0.732324892),
        (2.00048683e-05, 7.54499421e-06, 5.30400039e-05, 1.1592111),
    ),
    "PM": (
        (2.97780687e-05, 1.53630178e-05, 5.77179169e-05, 0.485639492),
        (2.41894835e-05, 1.00928261e-05, 5.79738106e-05, 0.954878502),
        (1.79508615e-05, 7.28422808e-06, 4.42364504e-05, 0.968026177),
        (2.12013761e-05, 8.05365316e-06, 5.58117781e-05, 1.1374081),
        (1.62918861e-05, 7.5086119e-06, 3.53491202e-05, 0.688071449),
        (2.00252329e-05, 7.66009067e-06, 5.23495044e-05, 1.12390267),
    ),
}  # fmt: skip
# regtest(rma(yi, vi, data = escalc("RR", ..., data = dat.bcg)), model = "lm"): t, df, p, limit
# estimate (as sei -> 0) and the coefficient of sei
METAFOR_BCG_EGGER = {
    "t": -1.401282, "df": 11, "p": 0.188706995, "limit": -0.190928642, "slope": -2.11204212,
}  # fmt: skip
# regtest(rma(yi, vi, data = six), model = "lm")
METAFOR_SIX_EGGER_LOGIT = {
    "t": -1.86311755, "df": 4, "p": 0.135909101, "limit": -9.44491781, "slope": -7.18386845,
}  # fmt: skip

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
    "supported": 22,
    "supported with nuance": 19,
    "contradicted": 0,
    "not traceable": 10,
    "general statement": 21,
}
# (roche page, news report) per verdict, the chart's bars.
OVERVIEW_CLAIMS_PER_VERDICT_AND_DOCUMENT = {
    "supported": (17, 5),
    "supported with nuance": (7, 12),
    "contradicted": (0, 0),
    "not traceable": (5, 5),
    "general statement": (14, 7),
}
OVERVIEW_EVIDENCE_KEYS = 201
# Sources by type and status, counted with csv.DictReader over data/sources.csv and every table listed in
# data/datapackage.json: distinct (source_id, status) pairs of rows with a status, per source_type of
# the source; "cited by no row": sources whose id is the source_id of no row of any table.
# Columns: sources, verified, abstract, secondary, computed, inferred, unverified, cited by no row.
OVERVIEW_SOURCES_ALL_TYPES = [237, 104, 14, 70, 7, 1, 21, 49]
OVERVIEW_SOURCES_COHORT = [77, 69, 0, 7, 6, 0, 4, 3]
OVERVIEW_SOURCES_NEWS = [45, 0, 0, 27, 0, 1, 4, 17]
# Distinct source ids of the report's rows, by hand-written csv look-ups: the source_id of the nine
# key-figure rows and of trials:prevent (the row that names the trial of prevent_hr_nemos), of every row
# an evidence key of the selected claims names (a sources: key is its own id), and the two seed ids.
OVERVIEW_REFERENCES_DEFAULT = 88  # verdict="all", document="all"
OVERVIEW_REFERENCES_CONTRADICTED = [  # verdict="contradicted": no claim, so the key figures and the seeds
    "arnett2024", "everyattackmatters_ca_impacts", "greco2015", "kleiter2016", "kumpfel2024",
    "nmosd_com_hcp_impact", "pandit2022", "papp2021", "pittock2019_prevent", "sciencenewstoday_nmosd_hsct",
    "seed_hsct_news", "seed_roche_ch_nmosd",
]  # fmt: skip
# metafor 3.8 (R 4.x), tests/crosscheck/more_metafor_reference.R: dat.bcg log risk ratios,
# rma(yi, vi, method=m, test="knha") and predict(): mu, se, CI, PI, tau².
BCG_KNHA = {
    "DL": (-0.7141172221, 0.1806966283, -1.1078213542, -0.3204130900, -1.9872069634, 0.5589725193,
           0.3087602629),
    "REML": (-0.7145323484, 0.1807917455, -1.1084437230, -0.3206209737, -1.9960169670, 0.5669522703,
             0.3132433260),
}  # fmt: skip
# Separate DL fits per dat.bcg$alloc, then rma(b, sei=se, method="FE")$QE and $QEp; the subgroup means.
BCG_ALLOC_SUBGROUPS = {"q": 1.5367688721, "p": 0.4637617001, "alternate": -0.5407929618,
                       "random": -1.0041613540, "systematic": -0.4393465800}  # fmt: skip
# cumul(rma(yi, vi, method="DL"), order=dat.bcg$year)$estimate (first row: one study).
BCG_CUMULATIVE_DL = (
    -0.8893113339, -1.3250034422, -0.9615353219, -0.9523947426, -1.0993222872, -0.9539942407, -0.8977333659,
    -0.7819364494, -0.8531334163, -0.7644612611, -0.6881230659, -0.7900865999, -0.7141172221,
)  # fmt: skip
BCG_YEARS = (1948, 1949, 1960, 1977, 1973, 1953, 1973, 1980, 1968, 1961, 1974, 1969, 1976)
# Three studies by counts (58/11,177,743; 42/952,000; 14/712,572) and two by a printed CI per 100,000
# (1.04, 0.85-1.26; 4.2, 3.7-5.7): escalc("PLO") for the counts, yi = qlogis(p) and
# vi = ((qlogis(u) - qlogis(l)) / (2 qnorm(0.975)))² for the CIs; rma(yi, vi, method=m) and
# predict(transf=transf.ilogit): estimate, CI per 100,000, tau², I² (%).
MIXED_INPUTS = {
    "cases": (58, 42, 14, None, None), "n": (11_177_743, 952_000, 712_572, None, None),
    "per_100k": (None, None, None, 1.04, 4.2), "ci": (None, None, None, (0.85, 1.26), (3.7, 5.7)),
}  # fmt: skip
MIXED_METAFOR = {
    "DL": (1.810397744, 0.7656240087, 4.280813071, 0.9376218777, 98.10806323),
    "REML": (1.809970272, 0.8018281584, 4.085602168, 0.8364467609, 97.88406014),
}
# Log rates: rates (0.73, 0.39, 0.08, 0.12), cases (-, 20, 30, 15), the first by its CI 0.5-1.1;
# rma(log(rate), vi, method="DL"), vi = 1/cases or from the CI; predict(transf=exp): rate, CI, tau², Q.
RATES_METAFOR_DL = (0.2288386072, 0.07857406331, 0.6664681184, 1.142385073, 78.29430845)
# The report's default pools (inputs "all"), recomputed by metafor 3.8 from the rows listed in
# tests/crosscheck/report_pools_metafor.R (tight convergence control): k, then estimate, CI, PI
# (t, k - 2 df) per 100,000, tau², I² (%), Q.
REPORT_POOLS_METAFOR = {
    ("all", "DL"): (18, 1.835432319, 1.326042801, 2.540495073, 0.4138761167, 8.139264816, 0.4661609288,
                    99.32057007, 2502.097609),
    ("all", "REML"): (18, 1.833247202, 1.266624077, 2.653341939, 0.3333492342, 10.08122462, 0.6110293743,
                      99.48081922, 2502.097609),
    ("all", "PM"): (18, 1.833341575, 1.269596243, 2.647403013, 0.3370616116, 9.971227734, 0.6031333472,
                    99.47405802, 2502.097609),
    ("europe", "DL"): (7, 1.449061447, 0.9547198302, 2.199361147, 0.3320902182, 6.322680035, 0.2831547216,
                       93.97694487, 99.61721861),
    ("europe", "REML"): (7, 1.44630933, 0.9157556403, 2.284238455, 0.2844384782, 7.353827159, 0.3458659936,
                         95.01458041, 99.61721861),
    ("europe", "PM"): (7, 1.446252802, 0.9149099416, 2.286171149, 0.2834631617, 7.378551026, 0.3473284361,
                       95.03452943, 99.61721861),
}  # fmt: skip
# Inputs "derived" on the Freeman–Tukey scale, DL (PI lower bound 0 after the back-transform).
REPORT_DERIVED_FT_DL = (14, 2.159656631, 1.130509058, 3.511251844, 0.0, 10.10926029)
# The 18 rows of the default all-regions pool and how each enters (select.pooling_eligibility).
REPORT_POOL_ENTRIES = {
    "P08": "printed CI", "P09": "counts", "P42": "derived population", "P11": "counts",
    "P16": "derived population", "P17": "derived population", "P23": "derived population",
    "P26": "printed CI", "P27": "derived population", "P29": "counts", "P61": "printed CI",
    "P64a": "derived population", "P72a": "counts", "P38": "derived population", "P58": "counts",
    "P53a": "derived population", "P54a": "derived population", "P75": "printed CI",
}  # fmt: skip
# Pooled incidence per 100,000 person-years, all regions, DL on log rates (report_pools_metafor.R):
# k, estimate, CI, tau², Q.
REPORT_INCIDENCE_DL = (12, 0.1027254407, 0.04610266707, 0.2288916638, 1.959660864, 6576.298748)
