-- Drives `boundwise lsp --stdio` from a real Neovim (0.7+), headless, the way the README tells
-- users to configure it. Writes the diagnostics it received to $BOUNDWISE_OUT, one per line.
vim.cmd('filetype on')
local cli = os.getenv('BOUNDWISE_CLI')
local out = os.getenv('BOUNDWISE_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('BOUNDWISE_FILE')))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = 'boundwise',
  cmd = { 'node', cli, 'lsp', '--stdio' },
  root_dir = vim.fn.getcwd(),
  settings = { boundwise = { enable = true, severity = {} } },
})
vim.lsp.buf_attach_client(buf, client)
local ok = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%s %d:%d %s', code, d.lnum, d.col, d.message))
end
local f = io.open(out, 'w')
f:write(table.concat(lines, '\n'))
f:close()
vim.lsp.stop_client(client)
if ok then vim.cmd('qall!') else vim.cmd('cquit') end
