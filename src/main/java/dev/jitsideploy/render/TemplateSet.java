package dev.jitsideploy.render;

import dev.jitsideploy.inventory.InputProblem;
import dev.jitsideploy.inventory.InvalidInputException;
import dev.jitsideploy.inventory.InputFile;
import dev.jitsideploy.inventory.Location;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.Environment;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in templates (resources of the jar, {@value #BUILT_IN} on the class path), each overridden by the file
 * of the same name in the operator's own templates directory when there is one. The output format, and with it the
 * escaping of every {@code ${...}}, follows from the file name ({@code *.lua.ftl}: Lua, {@code *.js.ftl}: JavaScript),
 * so a template cannot forget to escape.
 */
final class TemplateSet {

    /** Where the built-in templates are on the class path (the pom copies templates/ there). */
    static final String BUILT_IN = "/jitsi-deploy/templates";

    /** How a built-in template is named in an error (it has no file of its own). */
    private static final Path BUILT_IN_NAME = Path.of("(built-in templates)");

    private static final String LOGGER_LIBRARY_PROPERTY = "org.freemarker.loggerLibrary";

    static {
        // FreeMarker reports some failures (those inside #attempt, for one) through its own logging, with the
        // failing value and a stack trace; values include the app secret. Every template problem reaches the
        // operator through render() as one located line instead. Must run before FreeMarker binds its loggers.
        System.setProperty(LOGGER_LIBRARY_PROPERTY, "none");
    }

    private final Path directory;
    private final Configuration configuration;

    /** @param directory the operator's templates directory, or null for the built-in templates only */
    TemplateSet(Path directory) throws InvalidInputException {
        this.directory = directory;
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        TemplateLoader builtIn = new ClassTemplateLoader(TemplateSet.class, BUILT_IN);
        if (directory == null) {
            configuration.setTemplateLoader(builtIn);
        } else {
            try {
                configuration.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                    new PlainFileLoader(directory.toFile()), builtIn}));
            } catch (IOException e) {
                throw new InvalidInputException(InputProblem.inFile(directory, "templates directory cannot be read;"
                        + " set 'templates' in the inventory to an existing directory"));
            }
        }
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNumberFormat("computer");
        configuration.setLocalizedLookup(false);
        configuration.setRegisteredCustomOutputFormats(
                List.of(LiteralOutputFormat.LUA, LiteralOutputFormat.JAVASCRIPT));
        configuration.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.lua.ftl"),
                        withFormat(LiteralOutputFormat.LUA)),
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.js.ftl"),
                        withFormat(LiteralOutputFormat.JAVASCRIPT)))
                .allowNoMatch(false)
                .noMatchErrorDetails("jitsi-deploy templates must end in .lua.ftl or .js.ftl"));
    }

    private static TemplateConfiguration withFormat(freemarker.core.OutputFormat format) {
        TemplateConfiguration templateConfiguration = new TemplateConfiguration();
        templateConfiguration.setOutputFormat(format);
        templateConfiguration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        return templateConfiguration;
    }

    /**
     * FreeMarker's cache lets every thread that misses it parse the template itself, so each host of a parallel run
     * parsed both templates again (a tenth of a 10-host plan's CPU). Asked under one lock, the first ask parses and
     * every later one is a cache hit.
     */
    private Template parsed(String name) throws IOException {
        synchronized (configuration) {
            return configuration.getTemplate(name);
        }
    }

    /**
     * Renders template {@code name}; every template problem becomes an InputProblem at the template's line. The
     * result knows, for each line it has, the template line that wrote it (FreeMarker's own element positions).
     */
    TemplateOutput render(String name, Map<String, Object> model) throws InvalidInputException {
        Path file = fileOf(name);
        try {
            // An override that is there but not a plain file of bounded size is refused, not replaced by the
            // built-in template behind the operator's back.
            Path own = directory == null ? null : directory.resolve(name);
            if (own != null && Files.exists(own)) {
                Optional<String> refusal = InputFile.refusal(own, "template", InputFile.TEXT_MAX_BYTES);
                if (refusal.isPresent()) {
                    throw new InvalidInputException(InputProblem.inFile(own, refusal.get()));
                }
            }
            Template template = parsed(name);
            TemplateLineRecorder out = new TemplateLineRecorder(this::fileOf);
            Environment environment = template.createProcessingEnvironment(model, out);
            environment.setTemplateProcessingTracer(out);
            environment.process();
            return out.output();
        } catch (TemplateNotFoundException e) {
            throw new InvalidInputException(InputProblem.inFile(file, "template is missing from the built-in"
                    + " templates (a broken build); reinstall jitsi-deploy"));
        } catch (ParseException e) {
            throw new InvalidInputException(new InputProblem(file, e.getLineNumber(), e.getColumnNumber(),
                    "template syntax error: " + e.getEditorMessage()));
        } catch (InvalidReferenceException e) {
            throw new InvalidInputException(new InputProblem(file, lineOf(e), columnOf(e), "the template uses '"
                    + e.getBlamedExpressionString() + "', which is not defined (or null); see docs/templates.md for"
                    + " the variables, and test optional ones with ??"));
        } catch (TemplateException e) {
            // Only the expression, never the library's message: that can quote values, and values include secrets.
            throw new InvalidInputException(new InputProblem(file, lineOf(e), columnOf(e), "template error at '"
                    + e.getBlamedExpressionString() + "'; see docs/templates.md for the variables and their types"));
        } catch (IOException e) {
            throw new InvalidInputException(InputProblem.inFile(file, "template cannot be read; check it is a"
                    + " readable plain file"));
        }
    }

    /** The start of template {@code name}, for problems that have no better place. */
    Location location(String name) {
        return new Location(fileOf(name), 1, 1);
    }

    /**
     * The file a template's problems are reported in: the operator's override, or its place among the built-in ones.
     */
    private Path fileOf(String name) {
        return directory != null && Files.isRegularFile(directory.resolve(name)) ? directory.resolve(name)
                : BUILT_IN_NAME.resolve(name);
    }

    /**
     * FreeMarker's file loader, taking only plain files of bounded size: a FIFO named like a template (an included
     * one too) would block the run, a huge file fill the memory. Such a file is an error (never a fallback to the
     * built-in template); {@link #render} names the reason for the main template.
     */
    private static final class PlainFileLoader extends FileTemplateLoader {
        PlainFileLoader(java.io.File directory) throws IOException {
            super(directory);
        }

        @Override
        public Object findTemplateSource(String name) throws IOException {
            Object source = super.findTemplateSource(name);
            if (source instanceof java.io.File file) {
                Optional<String> refusal = InputFile.refusal(file.toPath(), "template", InputFile.TEXT_MAX_BYTES);
                if (refusal.isPresent()) {
                    // Not "not found": that would fall back to the built-in template of the same name.
                    throw new IOException(refusal.get());
                }
            }
            return source;
        }
    }

    private static int lineOf(TemplateException e) {
        return e.getLineNumber() == null ? 0 : e.getLineNumber();
    }

    private static int columnOf(TemplateException e) {
        return e.getColumnNumber() == null ? 0 : e.getColumnNumber();
    }
}
