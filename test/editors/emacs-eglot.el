;;; emacs-eglot.el --- Emacs (28+, eglot) as an LSP client of the built server, in batch mode.
;; Opens $TF_FILE, waits for flymake diagnostics from the server, fixes the misspelled argument, waits for them to
;; clear, and writes what it saw to $RESULT as JSON lines.
;; Debian's elpa-eglot lives in site-lisp/elpa, which -Q does not activate: put it (and the newer project and
;; xref it needs) first on the load path.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)
(define-derived-mode terraform-mode prog-mode "Terraform")
(add-to-list 'auto-mode-alist '("\\.tf\\'" . terraform-mode))
(add-to-list 'eglot-server-programs
             `(terraform-mode . ("node" ,(getenv "OCI_GENAI_TF_CLI") "lsp" "--stdio")))
(setq eglot-sync-connect t eglot-autoshutdown t)

(defun oci-test-wait-until (predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))))

(defun oci-test-record (stage)
  (with-temp-buffer
    (dolist (d (with-current-buffer (get-file-buffer (getenv "TF_FILE")) (flymake-diagnostics)))
      (insert (json-encode `((stage . ,stage)
                             (line . ,(with-current-buffer (get-file-buffer (getenv "TF_FILE"))
                                        (1- (line-number-at-pos (flymake-diagnostic-beg d)))))
                             (message . ,(flymake-diagnostic-text d))))
              "\n"))
    (insert (json-encode `((stage . ,stage)
                           (count . ,(length (with-current-buffer (get-file-buffer (getenv "TF_FILE")) (flymake-diagnostics))))))
            "\n")
    (append-to-file (point-min) (point-max) (getenv "RESULT"))))

;; The file's folder is the project; `eglot-ensure' waits for a command loop that batch mode does not run.
(setq project-find-functions (list (lambda (dir) (cons 'transient dir))))
(find-file (getenv "TF_FILE"))
(apply #'eglot (eglot--guess-contact))
(oci-test-wait-until (lambda () (eglot-current-server)) 15)
(flymake-mode 1)
(oci-test-wait-until (lambda () (flymake-diagnostics)) 15)
(oci-test-record "open")
(goto-char (point-min))
(search-forward "lora_rank")
(replace-match "lora_r")
;; Interactively an idle timer sends the change and restarts flymake; batch mode is never idle.
(eglot--signal-textDocument/didChange)
(oci-test-wait-until (lambda () (flymake-start) (null (flymake-diagnostics))) 15)
(oci-test-record "fixed")
(eglot-shutdown (eglot-current-server))
(kill-emacs 0)
