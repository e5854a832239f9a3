// Descriptions written for this project. The numbers come from Debian's python3-sklearn 1.2.1 data
// folder; their original sources are named in each text.

export const IRIS_DESCRIPTION = `Iris flowers (Fisher, 1936; UCI Machine Learning Repository)

150 flowers, 50 of each of three species of iris: setosa, versicolor and virginica. Four
measurements per flower, in centimetres: sepal length, sepal width, petal length, petal width.
Setosa is linearly separable from the other two; versicolor and virginica overlap a little, which is
why a perfect score on all 150 flowers usually means a model has memorised them.

data: [150, 4]   target: [150], 0 = setosa, 1 = versicolor, 2 = virginica`;

export const BOSTON_DESCRIPTION = `Boston housing (Harrison and Rubinfeld, 1978; StatLib)

506 census tracts of the Boston area in 1970. Thirteen features per tract and the target MEDV, the
median value of owner-occupied homes in thousands of dollars (capped at 50).

  CRIM     per-capita crime rate          ZN       share of residential land in large lots
  INDUS    share of non-retail business   CHAS     1 if the tract bounds the Charles river
  NOX      nitric oxide concentration     RM       average number of rooms per dwelling
  AGE      share of homes built before 1940   DIS  weighted distance to employment centres
  RAD      access to radial highways      TAX      property tax rate per $10,000
  PTRATIO  pupils per teacher             B        1000(Bk - 0.63)², Bk the share of Black residents
  LSTAT    % of the population of lower status

An ethical problem: the B column encodes the racial make-up of each tract through a formula that
assumed racial self-segregation lowers house prices. Models trained on it can learn and repeat that
assumption. scikit-learn removed this data set in version 1.2 for that reason. It is kept here because
the tutorials this project follows use it for ordinary least squares on LSTAT; prefer leaving B out of
any model, and do not use the data set to draw conclusions about people.

data: [506, 13]   target: [506], MEDV`;

export const DIGITS_DESCRIPTION = `Optical recognition of handwritten digits (Alpaydin and Kaynak, 1998; UCI)

1,797 handwritten digits, each an 8x8 image whose 64 pixels count how many of 16 pixels were inked
in a 4x4 block of the original 32x32 bitmap, so values run from 0 to 16. This is the test part of the
UCI set, the one scikit-learn's load_digits returns. Rows are images in reading order: pixel_r_c is row
r, column c.

data: [1797, 64]   target: [1797], the digit 0-9`;
