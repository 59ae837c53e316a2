-- Loads a rendered Prosody config the way Prosody does (a Lua chunk with VirtualHost/Component calls) in a
-- sandbox, then writes one option's value to stdout, byte for byte.
-- usage: lua5.4 read-prosody-option.lua FILE SECTION OPTION [INDEX]
--   SECTION: "global", or the name given to VirtualHost/Component
local file, wanted_section, option, index = arg[1], arg[2], arg[3], tonumber(arg[4])
local values, section = {}, "global"
local env = setmetatable({}, {
  __index = function(_, name)
    if name == "VirtualHost" then
      return function(host) section = host end
    elseif name == "Component" then
      return function(host) section = host; return function() end end
    end
    return nil
  end,
  __newindex = function(_, name, value) values[section .. "\0" .. name] = value end,
})
local chunk = assert(loadfile(file, "t", env))
chunk()
local value = values[wanted_section .. "\0" .. option]
if index then value = value[index] end
io.write(tostring(value))
