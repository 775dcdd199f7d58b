// Types of the natural modules imported by file: natural ships declarations for its index files only, and
// each index loads every language's stemmers, classifiers and sentiment lists (tens of MB) at start-up.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  import type { Stemmer } from 'natural/lib/natural/stemmers/index.js';
  const PorterStemmer: Stemmer;
  export default PorterStemmer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
  export default BayesClassifier;
}

declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
  export default JaroWinklerDistance;
}
