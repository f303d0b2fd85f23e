-- Neovim (0.7+) as an LSP client of the built server, headless: open a file, wait for diagnostics, fix the
-- mistake with an edit, wait for them to clear, and write what was seen to $RESULT as JSON lines.
local cli, file, result = os.getenv('OCI_GENAI_TF_CLI'), os.getenv('TF_FILE'), os.getenv('RESULT')
local out = assert(io.open(result, 'w'))
local function record(stage)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    out:write(vim.fn.json_encode({ stage = stage, line = d.lnum, col = d.col, message = d.message, code = d.code }) .. '\n')
  end
  out:write(vim.fn.json_encode({ stage = stage, count = #vim.diagnostic.get(0) }) .. '\n')
end

vim.cmd('edit ' .. file)
local client = vim.lsp.start_client({
  name = 'oci-genai-tf',
  cmd = { 'node', cli, 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
vim.lsp.buf_attach_client(0, client)
vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
record('open')

-- Replace the misspelled argument name on its line, as a user would.
local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
for i, text in ipairs(lines) do
  if text:find('lora_rank') then
    vim.api.nvim_buf_set_lines(0, i - 1, i, false, { (text:gsub('lora_rank', 'lora_r')) })
  end
end
vim.wait(15000, function() return #vim.diagnostic.get(0) == 0 end, 50)
record('fixed')
out:close()
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd('qa!')
