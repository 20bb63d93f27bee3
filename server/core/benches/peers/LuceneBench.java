// The Lucene 8 peer of the search bench (Debian's liblucene8-java, run by the JDK's source-file
// mode, so nothing is compiled into the repository). BM25 with the language's analyzer, the title
// boosted as Atrium boosts it, the query's words OR'ed.
//
// Arguments: locale docs.tsv queries.txt results.tsv title-boost
//   docs.tsv     path \t title \t text, one document per line
//   queries.txt  one query per line
//   results.tsv  written: micros \t path1 \t path2 … (top 11), one line per query, in order
// Queries run twice; the second, warmed-up pass is the one timed and written.

import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.*;
import org.apache.lucene.search.*;
import org.apache.lucene.store.ByteBuffersDirectory;

public class LuceneBench {
    public static void main(String[] args) throws Exception {
        String locale = args[0];
        Analyzer analyzer = switch (locale) {
            case "fr" -> new FrenchAnalyzer();
            case "de" -> new GermanAnalyzer();
            default -> new EnglishAnalyzer();
        };
        float titleBoost = Float.parseFloat(args[4]);
        long started = System.nanoTime();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                String[] cols = line.split("\t", 3);
                if (cols.length < 3) continue;
                Document doc = new Document();
                doc.add(new StringField("path", cols[0], Field.Store.YES));
                doc.add(new TextField("title", cols[1], Field.Store.NO));
                doc.add(new TextField("body", cols[2], Field.Store.NO));
                writer.addDocument(doc);
            }
        }
        System.err.printf("lucene %s: index built in %.2f s%n", locale, (System.nanoTime() - started) / 1e9);
        IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
        MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer, Map.of("title", titleBoost, "body", 1f));
        parser.setDefaultOperator(QueryParser.Operator.OR);
        List<String> queries = Files.readAllLines(Path.of(args[2]));
        List<String> out = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            out.clear();
            for (String q : queries) {
                long t = System.nanoTime();
                StringBuilder line = new StringBuilder();
                String escaped = QueryParser.escape(q).trim();
                if (!escaped.isEmpty()) {
                    try {
                        TopDocs top = searcher.search(parser.parse(escaped), 11);
                        for (ScoreDoc sd : top.scoreDocs) {
                            line.append('\t').append(searcher.doc(sd.doc).get("path"));
                        }
                    } catch (ParseException e) {
                        // A query the parser cannot take finds nothing, as a reader would see it.
                    }
                }
                out.add((System.nanoTime() - t) / 1000.0 + line.toString());
            }
        }
        Files.write(Path.of(args[3]), out);
    }
}
