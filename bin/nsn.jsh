// JShell start script of nsn: the imports of nsn's main packages and of the table and chart APIs it returns.
// Used by bin/nsn-jshell, i.e.
//   jshell --class-path lib/target/nsn.jar --startup DEFAULT --startup bin/nsn.jsh
// then e.g.  Section.NEGATIVE_SAMPLES.run("smoke", Path.of("runs/reproduce-smoke"))
import java.nio.file.*;
import java.awt.image.BufferedImage;
import nsn.analysis.*;
import nsn.augment.*;
import nsn.data.*;
import nsn.eval.*;
import nsn.experiment.*;
import nsn.model.*;
import nsn.negatives.*;
import nsn.ood.*;
import nsn.report.*;
import nsn.shape.*;
import nsn.train.*;
import org.knowm.xchart.*;
import tech.tablesaw.api.*;
